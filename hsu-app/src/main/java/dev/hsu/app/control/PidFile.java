package dev.hsu.app.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;

/**
 * The master's pid file, held under an exclusive lock for the master's whole life. The lock makes
 * "is another master running here?" race-free, and the kernel drops it when the master dies, so
 * a crash never leaves a state directory that looks busy. Not thread-safe; owned by
 * {@link ControlServer}.
 *
 * <p>Platform note: {@link FileChannel#tryLock()} is an advisory {@code fcntl} lock on POSIX
 * systems and a mandatory {@code LockFileEx} lock on Windows; either way only masters look.
 */
final class PidFile implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean ours;

    private PidFile(Path file, FileChannel channel, FileLock lock, boolean created) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.ours = created;
    }

    /**
     * Opens and locks the pid file without changing its content yet.
     *
     * @throws MasterAlreadyRunningException when another master holds the lock
     */
    static PidFile lock(StateDirectory directory) throws IOException {
        Path file = directory.pidFile();
        boolean created = !Files.exists(file);
        FileChannel channel = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-r--r--")))
                : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot lock the pid file " + file + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            channel.close();
            throw new MasterAlreadyRunningException(directory, read(file));
        }
        return new PidFile(file, channel, lock, created);
    }

    /** Replaces the content with {@code pid} and a newline. */
    void write(long pid) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        ours = true;
    }

    /** The pid recorded in a pid file, empty when it is missing, empty or not a number. */
    static OptionalLong read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.matches("\\d{1,19}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Removes the file if this master created or wrote it, then releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            if (ours) {
                Files.deleteIfExists(file);
            }
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}

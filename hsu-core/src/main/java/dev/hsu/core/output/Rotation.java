package dev.hsu.core.output;

import dev.hsu.core.unit.LogConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes whole lines into a log file and rotates it: {@code name} is renamed {@code name.1} (the
 * older ones shift to {@code .2}, {@code .3} ... and those past {@code max_files} are deleted) before
 * a line that would take it past {@code max_size}, so a rotation never splits a line, and a file
 * exceeds {@code max_size} only when one line alone is longer. With {@code compress}, {@code name.1}
 * is gzipped to {@code name.1.gz} on a virtual thread (fastest deflate level: logs compress well
 * anyway, and the writer must not wait on it); the next rotation waits for it first. With
 * {@code max_age}, rotated files last modified longer ago are deleted at each rotation and at open.
 *
 * <p>Timestamps: each line is prefixed with {@code 2024-05-01T10:00:00.123Z } (UTC, milliseconds),
 * the time the master read it.
 *
 * <p>A file found not ending with a newline when opened (its writer was killed mid-line) gets one
 * first, so that line stays apart from the new ones.
 *
 * <p>Not thread-safe: used by one writer at a time (see {@link LogFile}).
 */
final class Rotation {
    /** Opens the log file for appending; tests put a slow disk behind it. */
    @FunctionalInterface
    interface Opener {
        Opener FILES = path -> FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);

        WritableByteChannel open(Path path) throws IOException;
    }

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z' ").withZone(ZoneOffset.UTC);
    private static final System.Logger LOG = System.getLogger(Rotation.class.getName());

    private final Path path;
    private final Opener opener;
    private final LongSupplier clock;
    private LogConfig config;
    private WritableByteChannel channel;
    private long size;
    /** The last byte written was not a newline: rotation waits for the line's end. */
    private boolean midLine;
    /** The next byte appended starts a line (for timestamps). */
    private boolean atLineStart = true;
    private boolean pruned;
    private CompletableFuture<Void> compression = CompletableFuture.completedFuture(null);
    private long stampMillis = Long.MIN_VALUE;
    private byte[] stamp;

    Rotation(Path path, LogConfig config, Opener opener, LongSupplier clock) {
        this.path = path;
        this.config = config;
        this.opener = opener;
        this.clock = clock;
    }

    void configure(LogConfig settings) {
        this.config = settings;
    }

    /** Appends whole lines (or a piece of one), read at {@code epochMillis}. */
    void append(byte[] bytes, long epochMillis) throws IOException {
        byte[] data = config.timestamps() ? stamped(bytes, epochMillis) : bytes;
        if (bytes.length > 0) {
            atLineStart = bytes[bytes.length - 1] == '\n';
        }
        emit(data, 0, data.length);
    }

    /** Appends one line of the master's own, at a line start. */
    void appendLine(byte[] line, long epochMillis) throws IOException {
        if (!atLineStart) {
            append(new byte[] {'\n'}, epochMillis);
        }
        append(line, epochMillis);
    }

    /** Closes the file (it is reopened at the next write). */
    void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the log file " + path + " failed", e);
            }
            channel = null;
        }
    }

    /** Waits for a compression in progress, at most {@code nanos}. */
    boolean awaitCompression(long nanos) {
        try {
            compression.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // reported where it failed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private byte[] stamped(byte[] bytes, long epochMillis) {
        if (epochMillis != stampMillis) {
            stampMillis = epochMillis;
            stamp = STAMP.format(Instant.ofEpochMilli(epochMillis)).getBytes(StandardCharsets.US_ASCII);
        }
        int starts = atLineStart ? 1 : 0;
        for (int i = 0; i < bytes.length - 1; i++) {
            if (bytes[i] == '\n') {
                starts++;
            }
        }
        byte[] out = new byte[bytes.length + starts * stamp.length];
        int o = 0;
        boolean start = atLineStart;
        for (int i = 0; i < bytes.length; i++) {
            if (start) {
                System.arraycopy(stamp, 0, out, o, stamp.length);
                o += stamp.length;
                start = false;
            }
            out[o++] = bytes[i];
            if (bytes[i] == '\n' && i < bytes.length - 1) {
                start = true;
            }
        }
        return out;
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        while (off < end) {
            open();
            Long max = config.maxSize();
            if (midLine) {
                // Finish the line under way first: a rotation never splits it.
                int nl = indexOf(b, off, end);
                int stop = nl < 0 ? end : nl + 1;
                writeOut(b, off, stop);
                off = stop;
                continue;
            }
            if (max == null || size + (end - off) <= max) {
                writeOut(b, off, end);
                return;
            }
            long room = Math.max(0, max - size);
            int cut = lastIndexOf(b, off, (int) Math.min(end, off + room)) + 1;
            if (cut > off) {
                writeOut(b, off, cut);
                off = cut;
                rotate();
            } else if (size > 0) {
                rotate();
            } else {
                // One line longer than max_size: it gets a file of its own, whole.
                int nl = indexOf(b, off, end);
                int stop = nl < 0 ? end : nl + 1;
                writeOut(b, off, stop);
                off = stop;
            }
        }
    }

    private void writeOut(byte[] b, int from, int to) throws IOException {
        if (to <= from) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(b, from, to - from);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        size += to - from;
        midLine = b[to - 1] != '\n';
    }

    private void open() throws IOException {
        if (channel != null) {
            return;
        }
        Path parent = path.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean torn = endsMidLine();
        channel = opener.open(path);
        size = Files.size(path);
        midLine = false;
        if (torn) {
            writeOut(new byte[] {'\n'}, 0, 1);
        }
        if (!pruned) {
            pruned = true;
            pruneByAge();
        }
    }

    private boolean endsMidLine() throws IOException {
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
            long n = c.size();
            if (n == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            c.read(last, n - 1);
            return last.get(0) != '\n';
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void rotate() throws IOException {
        closeChannel();
        awaitCompression(Long.MAX_VALUE);
        int keep = config.maxFiles() == null ? Integer.MAX_VALUE : config.maxFiles();
        int highest = highestIndex();
        for (int i = highest; i >= 1; i--) {
            if (i >= keep) {
                Files.deleteIfExists(rotated(i, false));
                Files.deleteIfExists(rotated(i, true));
            } else {
                moveIfExists(rotated(i, false), rotated(i + 1, false));
                moveIfExists(rotated(i, true), rotated(i + 1, true));
            }
        }
        Path first = rotated(1, false);
        if (keep < 1) {
            Files.deleteIfExists(path);
        } else {
            Files.move(path, first, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (config.compress()) {
                compression = CompletableFuture.runAsync(() -> gzip(first),
                        task -> Thread.ofVirtual().name("hsu-log-gzip").start(task));
            }
        }
        size = 0;
        midLine = false;
        pruneByAge();
    }

    private void gzip(Path file) {
        Path gz = rotated(1, true);
        Path partial = gz.resolveSibling(gz.getFileName() + ".part");
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial), 64 * 1024) {
                 {
                     def.setLevel(Deflater.BEST_SPEED);
                 }
             }) {
            in.transferTo(out);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot compress the rotated log file " + file + " (" + e
                    + "); it is kept uncompressed", e);
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing more to do
            }
            return;
        }
        try {
            Files.move(partial, gz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot finish compressing " + file + " into " + gz + ": " + e, e);
        }
    }

    private void pruneByAge() {
        if (config.maxAge() == null) {
            return;
        }
        long oldest = clock.getAsLong() - config.maxAge().toMillis();
        int highest = highestIndex();
        for (int i = 1; i <= highest; i++) {
            for (Path p : new Path[] {rotated(i, false), rotated(i, true)}) {
                try {
                    if (Files.exists(p) && Files.getLastModifiedTime(p).toMillis() < oldest) {
                        Files.delete(p);
                    }
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot delete the old log file " + p + ": " + e);
                }
            }
        }
    }

    private int highestIndex() {
        int i = 0;
        while (Files.exists(rotated(i + 1, false)) || Files.exists(rotated(i + 1, true))) {
            i++;
        }
        return i;
    }

    /** {@code name.i} or {@code name.i.gz}. */
    Path rotated(int i, boolean gz) {
        return path.resolveSibling(path.getFileName() + "." + i + (gz ? ".gz" : ""));
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The last newline in {@code [from, to)}, or {@code from - 1}. */
    private static int lastIndexOf(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return from - 1;
    }
}

package dev.hsu.app.control.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code tail -n N} and {@code tail -F} for {@code hsu logs}: prints the last lines of log files,
 * then follows them across rotation. A follow notices a rotation when the path names another file
 * than the one it reads (the writer renamed it to {@code .1} and started a new one): it reads the
 * old file to its end first, so no line is lost, then the new one from its start; a file that got
 * shorter (truncated) is read again from its start.
 *
 * <p>Follow waits on the directories' change events (a {@link WatchService}: inotify on Linux),
 * with a 2 s timeout as a safety net for file systems that report no events (NFS). Only whole lines
 * are printed; with several files a {@code ==> file <==} header precedes each run of lines from a
 * different file, as {@code tail} does.
 *
 * <p>Not thread-safe. {@link #follow} runs until the thread is interrupted.
 */
final class LogTail {
    private static final int BLOCK = 64 * 1024;
    static final long SAFETY_POLL_SECONDS = 2;

    private final PrintWriter out;
    private final boolean headers;
    private Path lastPrinted;

    /** Where a followed file is read. */
    private static final class Cursor {
        final Path path;
        FileChannel channel;
        Object fileKey;
        long position;
        byte[] partial = new byte[0];

        Cursor(Path path) {
            this.path = path;
        }
    }

    private final Map<Path, Cursor> cursors = new LinkedHashMap<>();

    /**
     * @param headers print {@code ==> file <==} headers (several files)
     */
    LogTail(PrintWriter out, boolean headers) {
        this.out = Objects.requireNonNull(out, "out");
        this.headers = headers;
    }

    /**
     * Prints the last {@code lines} lines of {@code file} (a last line without newline too, unless
     * {@code follow}: then it is printed once complete).
     *
     * @return false if the file does not exist (yet)
     */
    boolean printLast(Path file, int lines, boolean follow) throws IOException {
        Cursor c = new Cursor(file);
        cursors.put(file, c);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        long size = ch.size();
        long start = startOfLastLines(ch, size, lines);
        c.channel = ch;
        c.fileKey = key(file);
        c.position = start;
        if (lines > 0) {
            readToEnd(c, size); // exactly the last lines: what was written since comes with -f
        } else {
            c.position = size;
        }
        if (!follow) {
            if (c.partial.length > 0) {
                print(file, c.partial, 0, c.partial.length);
                out.println();
            }
            ch.close();
        }
        out.flush();
        return true;
    }

    /** Follows every file given to {@link #printLast} (a missing one from when it appears) until interrupted. */
    void follow() throws IOException {
        Set<Path> dirs = new HashSet<>();
        for (Path p : cursors.keySet()) {
            dirs.add(p.toAbsolutePath().getParent());
        }
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            for (Path d : dirs) {
                if (Files.isDirectory(d)) {
                    d.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
            while (!Thread.currentThread().isInterrupted()) {
                for (Cursor c : cursors.values()) {
                    pump(c);
                }
                out.flush();
                var key = watch.poll(SAFETY_POLL_SECONDS, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Cursor c : cursors.values()) {
                if (c.channel != null) {
                    c.channel.close();
                }
            }
            out.flush();
        }
    }

    /** Reads what is new in the cursor's file; switches to a new file at the path after a rotation. */
    private void pump(Cursor c) throws IOException {
        if (c.channel == null) {
            try {
                c.channel = FileChannel.open(c.path, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return;
            }
            c.fileKey = key(c.path);
            c.position = 0;
        }
        if (c.channel.size() < c.position) {
            c.position = 0; // truncated
            c.partial = new byte[0];
        }
        readToEnd(c, Long.MAX_VALUE);
        Object now = keyOrNull(c.path);
        if (now != null && !now.equals(c.fileKey)) {
            readToEnd(c, Long.MAX_VALUE); // the rotated file's last lines, written before the rename
            c.channel.close();
            c.channel = null;
            pump(c);
        }
    }

    /** Reads the cursor's file from its position up to {@code limit} (or its end). */
    private void readToEnd(Cursor c, long limit) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(BLOCK);
        while (c.position < limit) {
            buf.clear();
            if (limit - c.position < BLOCK) {
                buf.limit((int) (limit - c.position));
            }
            int n = c.channel.read(buf, c.position);
            if (n <= 0) {
                return;
            }
            c.position += n;
            byte[] data = new byte[c.partial.length + n];
            System.arraycopy(c.partial, 0, data, 0, c.partial.length);
            System.arraycopy(buf.array(), 0, data, c.partial.length, n);
            int last = data.length - 1;
            while (last >= 0 && data[last] != '\n') {
                last--;
            }
            if (last >= 0) {
                print(c.path, data, 0, last + 1);
            }
            c.partial = java.util.Arrays.copyOfRange(data, last + 1, data.length);
        }
    }

    private void print(Path file, byte[] data, int from, int to) {
        if (headers && !file.equals(lastPrinted)) {
            out.println((lastPrinted == null ? "" : "\n") + "==> " + file + " <==");
        }
        lastPrinted = file;
        out.print(new String(data, from, to - from, StandardCharsets.UTF_8));
    }

    /** The offset where the last {@code lines} lines of the file begin. */
    static long startOfLastLines(FileChannel ch, long size, int lines) throws IOException {
        if (lines <= 0 || size == 0) {
            return size;
        }
        ByteBuffer buf = ByteBuffer.allocate(BLOCK);
        long end = size;
        int seen = 0;
        while (end > 0) {
            long from = Math.max(0, end - BLOCK);
            buf.clear().limit((int) (end - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // fill
            }
            for (int i = (int) (end - from) - 1; i >= 0; i--) {
                long at = from + i;
                if (buf.get(i) == '\n' && at != size - 1) {
                    seen++;
                    if (seen == lines) {
                        return at + 1;
                    }
                }
            }
            end = from;
        }
        return 0;
    }

    private static Object key(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return a.fileKey() != null ? a.fileKey() : a.creationTime();
    }

    private static Object keyOrNull(Path p) {
        try {
            return key(p);
        } catch (IOException e) {
            return null;
        }
    }

    /** The files printed so far, for tests. */
    List<Path> files() {
        return new ArrayList<>(cursors.keySet());
    }
}

package dev.hsu.core.output;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.unit.LogConfig;
import dev.hsu.spi.OutputFlow;
import dev.hsu.spi.OutputSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master-written log file: whole lines, timestamps, rotation, compression, retention, back-pressure. */
class LogFileTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long NOW = Instant.parse("2024-05-01T10:00:00.123Z").toEpochMilli();

    @TempDir
    Path dir;

    private static void write(OutputSink sink, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        sink.write(b, b.length);
    }

    private static void idle(LogFile f) throws InterruptedException {
        assertTrue(f.awaitIdle(WAIT), "the log file did not get idle");
    }

    @Test
    void linesStayWholeAcrossChunksAndALastLineGetsItsNewline() throws Exception {
        Path p = dir.resolve("web.out.log");
        LogFile f = new LogFile(p, LogConfig.DEFAULT);
        OutputSink s = f.newFeed("web");
        write(s, "hel");
        write(s, "lo\nwor");
        write(s, "ld\r\nlast");
        s.closed();
        idle(f);
        assertEquals("hello\nworld\r\nlast\n", Files.readString(p));
    }

    @Test
    void timestampsPrefixEveryLineWithTheTimeItWasRead() throws Exception {
        Path p = dir.resolve("t.log");
        LogFile f = new LogFile(p, new LogConfig(null, true, null, null), () -> NOW, Rotation.Opener.FILES);
        OutputSink s = f.newFeed("t");
        write(s, "a\nb");
        write(s, "c\n\nd\n");
        s.closed();
        idle(f);
        String ts = "2024-05-01T10:00:00.123Z ";
        assertEquals(ts + "a\n" + ts + "bc\n" + ts + "\n" + ts + "d\n", Files.readString(p));
    }

    @Test
    void aFileLeftMidLineGetsANewlineBeforeNewOutput() throws Exception {
        Path p = dir.resolve("torn.log");
        Files.writeString(p, "killed mid-li");
        LogFile f = new LogFile(p, LogConfig.DEFAULT);
        OutputSink s = f.newFeed("torn");
        write(s, "next\n");
        s.closed();
        idle(f);
        assertEquals("killed mid-li\nnext\n", Files.readString(p));
    }

    @Test
    void rotationKeepsEveryLineWholeAndInOrderAndDropsFilesPastMaxFiles() throws Exception {
        Path p = dir.resolve("r.log");
        LogFile f = new LogFile(p, new LogConfig(null, false, 10_000L, 1000));
        String all = feedRandomly(f, 20_000, 42);
        List<Path> files = filesOldestFirst(p, false);
        assertTrue(files.size() > 10, "rotated: " + files);
        StringBuilder joined = new StringBuilder();
        for (Path file : files) {
            String text = Files.readString(file);
            assertTrue(text.endsWith("\n"), file + " ends mid-line");
            assertTrue(Files.size(file) <= 10_000, file + " is larger than max_size: " + Files.size(file));
            joined.append(text);
        }
        assertEquals(all, joined.toString());

        // max_files 2: the oldest go
        Path q = dir.resolve("q.log");
        LogFile g = new LogFile(q, new LogConfig(null, false, 10_000L, 2));
        String some = feedRandomly(g, 5_000, 7);
        assertTrue(Files.exists(dir.resolve("q.log.2")));
        assertFalse(Files.exists(dir.resolve("q.log.3")));
        String kept = Files.readString(dir.resolve("q.log.2")) + Files.readString(dir.resolve("q.log.1"))
                + Files.readString(q);
        assertTrue(some.endsWith(kept), "the newest lines are kept, whole");
    }

    @Test
    void aLineLongerThanMaxSizeGetsAFileOfItsOwn() throws Exception {
        Path p = dir.resolve("long.log");
        LogFile f = new LogFile(p, new LogConfig(null, false, 100L, null));
        OutputSink s = f.newFeed("long");
        String longLine = "x".repeat(250) + "\n";
        write(s, "short\n");
        write(s, longLine.substring(0, 120));
        write(s, longLine.substring(120));
        write(s, "after\n");
        s.closed();
        idle(f);
        assertEquals("short\n", Files.readString(dir.resolve("long.log.2")));
        assertEquals(longLine, Files.readString(dir.resolve("long.log.1")));
        assertEquals("after\n", Files.readString(p));
    }

    @Test
    void rotatedFilesAreCompressed() throws Exception {
        Path p = dir.resolve("z.log");
        LogFile f = new LogFile(p, new LogConfig(null, false, 20_000L, null, true, null));
        String all = feedRandomly(f, 10_000, 3);
        List<Path> files = filesOldestFirst(p, true);
        assertTrue(files.size() > 3);
        StringBuilder joined = new StringBuilder();
        for (Path file : files) {
            if (!file.equals(p)) {
                assertTrue(file.toString().endsWith(".gz"), file + " was not compressed");
            }
            joined.append(read(file));
        }
        assertEquals(all, joined.toString());
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(x -> x.toString().endsWith(".part")), "no partial archive is left");
        }
    }

    @Test
    void rotatedFilesOlderThanMaxAgeAreDeleted() throws Exception {
        Path p = dir.resolve("old.log");
        Files.writeString(dir.resolve("old.log.1"), "recent\n");
        Files.writeString(dir.resolve("old.log.2.gz"), "ancient");
        Files.setLastModifiedTime(dir.resolve("old.log.2.gz"), FileTime.from(Instant.now().minus(Duration.ofDays(9))));
        LogFile f = new LogFile(p, new LogConfig(null, false, null, null, false, Duration.ofDays(7)));
        OutputSink s = f.newFeed("old");
        write(s, "new\n");
        s.closed();
        idle(f);
        assertTrue(Files.exists(dir.resolve("old.log.1")));
        assertFalse(Files.exists(dir.resolve("old.log.2.gz")), "older than max_age");
    }

    /** A flow that records pauses and resumes. */
    static final class RecordingFlow implements OutputFlow {
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();
        volatile boolean paused;

        @Override
        public void pause() {
            pauses.incrementAndGet();
            paused = true;
        }

        @Override
        public void resume() {
            resumes.incrementAndGet();
            paused = false;
        }
    }

    /** A disk that takes nothing until released. */
    static Rotation.Opener gated(CountDownLatch gate) {
        return path -> {
            WritableByteChannel real = Rotation.Opener.FILES.open(path);
            return new WritableByteChannel() {
                @Override
                public int write(ByteBuffer src) throws IOException {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    return real.write(src);
                }

                @Override
                public boolean isOpen() {
                    return real.isOpen();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        };
    }

    @Test
    void aSlowDiskPausesTheStreamInsteadOfBufferingWithoutBound() throws Exception {
        Path p = dir.resolve("slow.log");
        CountDownLatch gate = new CountDownLatch(1);
        LogFile f = new LogFile(p, LogConfig.DEFAULT, System::currentTimeMillis, gated(gate));
        OutputSink s = f.newFeed("slow");
        RecordingFlow flow = new RecordingFlow();
        s.attach(flow);
        byte[] chunk = ("y".repeat(99) + "\n").repeat(655).getBytes(StandardCharsets.US_ASCII); // 65,500 bytes
        int chunks = 0;
        // The adapter stops delivering once paused: so does this loop.
        while (!flow.paused) {
            s.write(chunk, chunk.length);
            chunks++;
            assertTrue(chunks < 100, "never paused");
        }
        assertTrue(f.queuedBytes() <= LogFile.HIGH_WATER_BYTES + chunk.length,
                "held " + f.queuedBytes() + " bytes");
        gate.countDown();
        await().atMost(WAIT).until(() -> !flow.paused);
        s.closed();
        idle(f);
        assertEquals((long) chunks * chunk.length, Files.size(p), "nothing dropped");
        assertTrue(flow.resumes.get() >= 1);
    }

    @Test
    void withoutFlowControlChunksPastTheLimitAreDroppedAndSaidSo() throws Exception {
        Path p = dir.resolve("noflow.log");
        CountDownLatch gate = new CountDownLatch(1);
        LogFile f = new LogFile(p, LogConfig.DEFAULT, System::currentTimeMillis, gated(gate));
        OutputSink s = f.newFeed("noflow");
        byte[] chunk = ("z".repeat(99) + "\n").repeat(100).getBytes(StandardCharsets.US_ASCII); // 10,000 bytes
        // The writer takes the whole queue at once; it must be holding the first chunk at the gate
        // before the rest comes, or (late on a busy machine) it could take 1 MB in one batch and
        // leave room for the other 1 MB: nothing would be dropped.
        s.write(chunk, chunk.length);
        int total = chunk.length;
        await().atMost(WAIT).until(() -> f.queuedBytes() == 0);
        for (int i = 0; i < 200; i++) { // 2 MB more against a 1 MiB limit
            s.write(chunk, chunk.length);
            total += chunk.length;
        }
        assertTrue(f.queuedBytes() <= LogFile.DROP_LIMIT_BYTES + chunk.length);
        gate.countDown();
        s.closed();
        idle(f);
        String text = Files.readString(p);
        assertTrue(Files.size(p) < chunk.length + LogFile.DROP_LIMIT_BYTES + chunk.length + 200,
                "at most the first chunk and a full queue were written: " + Files.size(p) + " of " + total);
        assertTrue(text.matches("(?s).*\\[hsu\\] \\d+ bytes of output were dropped here.*"), "says what it dropped");
        for (String line : text.split("\n")) {
            assertTrue(line.equals("z".repeat(99)) || line.startsWith("[hsu] "), "whole lines only: " + line);
        }
    }

    @Test
    void consecutiveRunsShareTheWriterAndNeverInterleaveMidLine() throws Exception {
        Path p = dir.resolve("runs.log");
        LogFiles files = new LogFiles();
        LogFile f = files.open(p, LogConfig.DEFAULT);
        OutputSink first = files.open(p, LogConfig.DEFAULT).newFeed("runs");
        OutputSink second = f.newFeed("runs");
        write(first, "run 1 start");
        write(second, "run 2 line\n");
        write(first, " and end\n");
        first.closed();
        second.closed();
        assertTrue(files.awaitIdle(WAIT));
        assertEquals("run 2 line\nrun 1 start and end\n", Files.readString(p));
    }

    /** Feeds numbered lines cut at random places; returns what was fed. */
    private static String feedRandomly(LogFile f, int lines, long seed) throws InterruptedException {
        Random random = new Random(seed);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            all.append("line ").append(i).append(' ').append("#".repeat(random.nextInt(40))).append('\n');
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.US_ASCII);
        OutputSink s = f.newFeed("unit");
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(3000));
            byte[] chunk = java.util.Arrays.copyOfRange(bytes, at, at + n);
            s.write(chunk, n);
            at += n;
        }
        s.closed();
        idle(f);
        return all.toString();
    }

    /** {@code name.N ... name.1, name}: oldest first. */
    private static List<Path> filesOldestFirst(Path p, boolean gz) {
        List<Path> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            Path plain = p.resolveSibling(p.getFileName() + "." + i);
            Path zipped = p.resolveSibling(p.getFileName() + "." + i + ".gz");
            if (Files.exists(zipped) && gz) {
                out.add(0, zipped);
            } else if (Files.exists(plain)) {
                out.add(0, plain);
            } else {
                break;
            }
        }
        out.add(p);
        return out;
    }

    private static String read(Path file) throws IOException {
        if (!file.toString().endsWith(".gz")) {
            return Files.readString(file);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void bytesAreWrittenExactly() throws Exception {
        Path p = dir.resolve("bytes.log");
        LogFile f = new LogFile(p, LogConfig.DEFAULT);
        OutputSink s = f.newFeed("bytes");
        byte[] utf8 = "é€😀\n".getBytes(StandardCharsets.UTF_8);
        s.write(utf8, 3);
        byte[] rest = java.util.Arrays.copyOfRange(utf8, 3, utf8.length);
        s.write(rest, rest.length);
        s.closed();
        idle(f);
        assertArrayEquals(utf8, Files.readAllBytes(p));
    }
}

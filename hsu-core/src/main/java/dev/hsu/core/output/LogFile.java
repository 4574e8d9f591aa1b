package dev.hsu.core.output;

import dev.hsu.core.unit.LogConfig;
import dev.hsu.spi.OutputFlow;
import dev.hsu.spi.OutputSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One log file the master writes for units' captured output (stdout: log), fed by one
 * {@link #newFeed(String) feed} per run and stream.
 *
 * <p>Path of a byte: the adapter's I/O thread hands a chunk to a feed; the feed keeps the tail that
 * is not a whole line yet and queues the whole lines (one copy); a writer on a virtual thread,
 * started when the queue gets work and ended when it is empty, takes everything queued at once and
 * writes it through a {@link Rotation} (timestamps, size rotation at line boundaries only).
 *
 * <p>Back-pressure: the queue is bounded. Once {@link #HIGH_WATER_BYTES} are queued, a feed that
 * queues more pauses its stream ({@link OutputFlow#pause()}): the adapter stops reading the pipe and
 * the child blocks in {@code write()}. The writer resumes every paused stream when it has taken the
 * queue, so at most about twice the bound is held (one batch being written, one queued). Nothing is
 * dropped. A feed without flow control (an adapter that cannot pause) has no back-pressure: past
 * {@link #DROP_LIMIT_BYTES} its chunks are dropped and counted, and a line in the file says how many
 * bytes were lost.
 *
 * <p>Lines: a chunk's bytes after its last newline wait in the feed for the rest of their line, up to
 * {@link #MAX_PENDING_BYTES}; a longer line is queued in pieces, and rotation waits until it ends.
 * When a stream closes, a last line without a newline gets one.
 *
 * <p>Write errors (disk full, file removed with its directory): the batch is dropped, the error is
 * logged once per failure streak naming the unit and file, and the next batch tries again.
 *
 * <p>Thread-safety: feeds are called by the adapter (one thread per feed at a time); everything else
 * is thread-safe.
 */
public final class LogFile {
    /** Queued bytes that pause a feed's stream. */
    public static final int HIGH_WATER_BYTES = 256 * 1024;
    /** Queued bytes beyond which a feed without flow control drops its chunks. */
    public static final int DROP_LIMIT_BYTES = 4 * HIGH_WATER_BYTES;
    /** The longest incomplete line a feed holds back before queueing it in pieces. */
    public static final int MAX_PENDING_BYTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(LogFile.class.getName());

    /** Whole lines (or a piece of an overlong line) read at {@code epochMillis}. */
    record Block(byte[] bytes, long epochMillis) {
    }

    private final Path path;
    private final LongSupplier clock;
    private final Rotation.Opener opener;
    private final Object lock = new Object();

    // Guarded by lock.
    private final ArrayDeque<Block> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long droppedBytes;
    private boolean writing;
    private int openFeeds;
    private final Set<OutputFlow> paused = new LinkedHashSet<>();
    private LogConfig config;
    private String unit;

    // Confined to the writer (one at a time, handed over under the lock).
    private Rotation rotation;
    private boolean failing;

    /**
     * @param path the file, absolute
     * @param config its timestamps and rotation settings
     */
    public LogFile(Path path, LogConfig config) {
        this(path, config, System::currentTimeMillis, Rotation.Opener.FILES);
    }

    LogFile(Path path, LogConfig config, LongSupplier clock, Rotation.Opener opener) {
        this.path = Objects.requireNonNull(path, "path");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = clock;
        this.opener = opener;
    }

    public Path path() {
        return path;
    }

    /** Takes new settings (a reloaded unit); they apply from the next batch written. */
    public void configure(LogConfig settings) {
        synchronized (lock) {
            config = Objects.requireNonNull(settings, "settings");
        }
    }

    /**
     * A sink for one stream of one run. Every feed of this file writes whole lines into it, so
     * feeds never split each other's lines.
     *
     * @param unitName the unit, for error messages
     */
    public OutputSink newFeed(String unitName) {
        synchronized (lock) {
            openFeeds++;
            unit = unitName;
        }
        return new Feed(unitName);
    }

    /** Bytes queued and not yet written, for tests and diagnostics. */
    public long queuedBytes() {
        synchronized (lock) {
            return queuedBytes;
        }
    }

    /** True while a feed is open or bytes wait to be written. */
    public boolean busy() {
        synchronized (lock) {
            return openFeeds > 0 || writing || !queue.isEmpty();
        }
    }

    /**
     * Waits until every feed closed and everything was written (or {@code timeout} passed), then
     * waits for a compression in progress. Feeds opened later still work.
     *
     * @return true if it all ended in time
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (openFeeds > 0 || writing || !queue.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
        Rotation r;
        synchronized (lock) {
            r = rotation;
        }
        return r == null || r.awaitCompression(Math.max(0, deadline - System.nanoTime()));
    }

    // ---- queue -------------------------------------------------------------------------------

    private void enqueue(byte[] bytes, OutputFlow flow) {
        boolean start = false;
        boolean pause = false;
        synchronized (lock) {
            if (flow == null && queuedBytes >= DROP_LIMIT_BYTES) {
                droppedBytes += bytes.length;
                return;
            }
            queue.add(new Block(bytes, clock.getAsLong()));
            queuedBytes += bytes.length;
            if (flow != null && queuedBytes >= HIGH_WATER_BYTES) {
                paused.add(flow);
                pause = true;
            }
            if (!writing) {
                writing = true;
                start = true;
            }
        }
        if (pause) {
            flow.pause();
            // The writer may have taken the queue and resumed this flow between the unlock above and
            // the pause: then nobody would resume it again and the child would block for good.
            boolean stillTracked;
            synchronized (lock) {
                stillTracked = paused.contains(flow);
            }
            if (!stillTracked) {
                flow.resume();
            }
        }
        if (start) {
            Thread.ofVirtual().name("hsu-log-writer").start(this::writeAll);
        }
    }

    private void feedClosed() {
        boolean start = false;
        synchronized (lock) {
            openFeeds--;
            if (openFeeds == 0 && !writing) {
                // Nothing queued: let a writer close the file now rather than hold an fd per idle unit.
                writing = true;
                start = true;
            }
            lock.notifyAll();
        }
        if (start) {
            Thread.ofVirtual().name("hsu-log-writer").start(this::writeAll);
        }
    }

    /** The writer: takes the whole queue, resumes paused streams, writes; until the queue is empty. */
    private void writeAll() {
        while (true) {
            List<Block> batch;
            List<OutputFlow> resume;
            long dropped;
            LogConfig settings;
            String name;
            synchronized (lock) {
                if (queue.isEmpty()) {
                    if (openFeeds == 0 && rotation != null) {
                        rotation.closeChannel();
                    }
                    writing = false;
                    lock.notifyAll();
                    resume = new ArrayList<>(paused);
                    paused.clear();
                    batch = null;
                    dropped = 0;
                    settings = null;
                    name = unit;
                } else {
                    batch = new ArrayList<>(queue);
                    queue.clear();
                    queuedBytes = 0;
                    resume = new ArrayList<>(paused);
                    paused.clear();
                    dropped = droppedBytes;
                    droppedBytes = 0;
                    settings = config;
                    name = unit;
                }
            }
            for (OutputFlow f : resume) {
                f.resume();
            }
            if (batch == null) {
                return;
            }
            write(batch, dropped, settings, name);
        }
    }

    private void write(List<Block> batch, long dropped, LogConfig settings, String name) {
        try {
            if (rotation == null) {
                rotation = new Rotation(path, settings, opener, clock);
            }
            rotation.configure(settings);
            if (dropped > 0) {
                rotation.appendLine(("[hsu] " + dropped + " bytes of output were dropped here: the log file could"
                        + " not keep up and this platform adapter cannot hold the unit's output back\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), clock.getAsLong());
            }
            for (Block b : batch) {
                rotation.append(b.bytes(), b.epochMillis());
            }
            failing = false;
        } catch (IOException | RuntimeException e) {
            long lost = batch.stream().mapToLong(b -> b.bytes().length).sum();
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.ERROR, "unit '" + name + "': cannot write its log file " + path + " ("
                        + e + "); " + lost + " bytes of its output are lost. Check the disk space and the"
                        + " permissions of " + path.getParent() + "; writing is retried with the next output", e);
            }
            if (rotation != null) {
                rotation.closeChannel();
            }
        }
    }

    /** One stream of one run. */
    private final class Feed implements OutputSink {
        private final String unitName;
        private OutputFlow flow;
        private byte[] pending = new byte[0];
        private int pendingLength;
        private boolean closed;

        Feed(String unitName) {
            this.unitName = unitName;
        }

        @Override
        public void attach(OutputFlow f) {
            this.flow = f;
        }

        @Override
        public void write(byte[] buffer, int length) {
            if (closed || length <= 0) {
                return;
            }
            int last = length - 1;
            while (last >= 0 && buffer[last] != '\n') {
                last--;
            }
            if (last < 0) {
                hold(buffer, 0, length);
                if (pendingLength >= MAX_PENDING_BYTES) {
                    enqueue(takePending(0), flow); // an overlong line, in pieces
                }
                return;
            }
            int whole = last + 1;
            byte[] block = new byte[pendingLength + whole];
            System.arraycopy(pending, 0, block, 0, pendingLength);
            System.arraycopy(buffer, 0, block, pendingLength, whole);
            pendingLength = 0;
            if (pending.length > 4096) {
                pending = new byte[0];
            }
            hold(buffer, whole, length - whole);
            enqueue(block, flow);
        }

        @Override
        public void closed() {
            if (closed) {
                return;
            }
            closed = true;
            if (pendingLength > 0) {
                enqueue(takePending(1), flow);
            }
            pending = new byte[0];
            feedClosed();
        }

        private void hold(byte[] bytes, int from, int count) {
            if (count <= 0) {
                return;
            }
            if (pendingLength + count > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.max(pendingLength + count, 2 * pending.length + 64));
            }
            System.arraycopy(bytes, from, pending, pendingLength, count);
            pendingLength += count;
        }

        /** The pending bytes, plus a newline if {@code newline} is 1. */
        private byte[] takePending(int newline) {
            byte[] out = java.util.Arrays.copyOf(pending, pendingLength + newline);
            if (newline == 1) {
                out[pendingLength] = '\n';
            }
            pendingLength = 0;
            return out;
        }

        @Override
        public String toString() {
            return "log feed of unit " + unitName + " into " + path;
        }
    }
}

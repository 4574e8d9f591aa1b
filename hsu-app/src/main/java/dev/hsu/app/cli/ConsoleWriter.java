package dev.hsu.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the foreground master's console: event lines and units' output lines, from any thread,
 * without ever blocking the caller. Lines go through one bounded queue to one writer thread, which
 * writes them in batches and flushes once per batch, so a slow terminal costs memory up to the
 * bound, never a stalled I/O or event thread. When the queue is full a line is dropped and
 * counted; the count is reported on stderr as soon as the writer catches up.
 *
 * <p>Order: lines are written in the order they were queued, stdout and stderr interleaved as
 * they came.
 *
 * <p>Thread-safety: {@link #out} and {@link #err} may be called from any thread.
 */
final class ConsoleWriter implements AutoCloseable {
    /** Lines held at most; at about 100 bytes a line, a few MiB. */
    static final int CAPACITY = 32_768;

    private record Line(boolean error, String text) {
    }

    private static final Line END = new Line(false, null);

    private final BlockingQueue<Line> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final PrintWriter out;
    private final PrintWriter err;
    private final Thread thread;

    ConsoleWriter(PrintWriter out, PrintWriter err) {
        this(out, err, CAPACITY);
    }

    ConsoleWriter(PrintWriter out, PrintWriter err, int capacity) {
        this.out = out;
        this.err = err;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::drain, "hsu-console");
        this.thread.setDaemon(true);
    }

    ConsoleWriter start() {
        thread.start();
        return this;
    }

    /** Queues a line for stdout. */
    void out(String line) {
        offer(new Line(false, line));
    }

    /** Queues a line for stderr. */
    void err(String line) {
        offer(new Line(true, line));
    }

    /** How many lines were dropped so far because the console could not keep up. */
    long dropped() {
        return dropped.get();
    }

    private void offer(Line line) {
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    private void drain() {
        List<Line> batch = new ArrayList<>(256);
        long reported = 0;
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, 4096);
                boolean end = false;
                for (Line l : batch) {
                    if (l == END) {
                        end = true;
                        break;
                    }
                    (l.error() ? err : out).println(l.text());
                }
                batch.clear();
                long d = dropped.get();
                if (d > reported) {
                    err.println("hsu: " + (d - reported) + " line(s) of output dropped: the console could not keep up");
                    reported = d;
                }
                out.flush();
                err.flush();
                if (end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, then stops the writer thread (waiting at most 5 s for a stuck terminal). */
    @Override
    public void close() {
        try {
            if (thread.isAlive() && queue.offer(END, 5, TimeUnit.SECONDS)) {
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
        err.flush();
    }
}

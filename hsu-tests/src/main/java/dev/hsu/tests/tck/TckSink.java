package dev.hsu.tests.tck;

import dev.hsu.spi.OutputFlow;
import dev.hsu.spi.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link OutputSink} that keeps everything a child wrote. Written by the adapter's I/O thread,
 * read by the test thread. It keeps the {@link OutputFlow} an adapter hands it, and can pause the
 * stream at once or at its first write.
 */
public final class TckSink implements OutputSink {
    /** When the sink pauses its stream on its own. */
    public enum Pause {
        NEVER, AT_ATTACH, AT_FIRST_WRITE
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Pause pause;
    private volatile boolean closed;
    private volatile int closeCalls;
    private volatile boolean writtenAfterClose;
    private volatile OutputFlow flow;
    private volatile int writes;
    private volatile int writesWhilePaused;
    private volatile boolean paused;

    public TckSink() {
        this(Pause.NEVER);
    }

    public TckSink(Pause pause) {
        this.pause = pause;
    }

    @Override
    public void attach(OutputFlow handed) {
        this.flow = handed;
        if (pause == Pause.AT_ATTACH) {
            paused = true;
            handed.pause();
        }
    }

    /** The flow control the adapter handed over, or null if it offers none. */
    public OutputFlow flow() {
        return flow;
    }

    /** Resumes a paused stream. */
    public void resume() {
        paused = false;
        flow.resume();
    }

    /** Writes that arrived after the sink paused its stream (at most the one being delivered may). */
    public int writesWhilePaused() {
        return writesWhilePaused;
    }

    public int writes() {
        return writes;
    }

    @Override
    public synchronized void write(byte[] buffer, int length) {
        if (closed) {
            writtenAfterClose = true;
        }
        if (paused) {
            writesWhilePaused++;
        }
        writes++;
        bytes.write(buffer, 0, length);
        if (pause == Pause.AT_FIRST_WRITE && writes == 1 && flow != null) {
            paused = true;
            flow.pause();
        }
    }

    @Override
    public synchronized void closed() {
        closed = true;
        closeCalls++;
    }

    /** Whether the adapter reported the end of the stream. */
    public boolean isClosed() {
        return closed;
    }

    /** How often {@link #closed()} was called (must be exactly once). */
    public int closeCalls() {
        return closeCalls;
    }

    /** True if the adapter wrote after it reported the end. */
    public boolean writtenAfterClose() {
        return writtenAfterClose;
    }

    public synchronized int size() {
        return bytes.size();
    }

    public synchronized byte[] bytes() {
        return bytes.toByteArray();
    }

    /** The output as UTF-8, with {@code \r\n} turned into {@code \n}. */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** The lines of the output so far (complete ones only). */
    public List<String> lines() {
        String text = text();
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return Arrays.asList(text.substring(0, end).split("\n", -1));
    }
}

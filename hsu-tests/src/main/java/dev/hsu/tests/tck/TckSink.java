package dev.hsu.tests.tck;

import dev.hsu.spi.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * An {@link OutputSink} that keeps everything a child wrote. Written by the adapter's I/O thread,
 * read by the test thread.
 */
public final class TckSink implements OutputSink {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile boolean closed;
    private volatile int closeCalls;
    private volatile boolean writtenAfterClose;

    @Override
    public synchronized void write(byte[] buffer, int length) {
        if (closed) {
            writtenAfterClose = true;
        }
        bytes.write(buffer, 0, length);
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

package dev.hsu.linux.internal;

import dev.hsu.spi.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps what a child wrote. Written on the event loop thread, read by the test thread. */
final class CollectingSink implements OutputSink {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile boolean closed;

    @Override
    public synchronized void write(byte[] buffer, int length) {
        bytes.write(buffer, 0, length);
    }

    @Override
    public void closed() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    synchronized int size() {
        return bytes.size();
    }

    synchronized byte[] bytes() {
        return bytes.toByteArray();
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}

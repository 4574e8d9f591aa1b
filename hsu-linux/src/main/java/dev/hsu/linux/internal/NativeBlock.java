package dev.hsu.linux.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Native memory from {@code malloc}, freed by {@link #close()} (try-with-resources) and by
 * nothing else.
 *
 * <p>Why not JNA's {@code Memory}: every live {@code Memory} is registered with JNA's cleaner,
 * whose thread then wakes every 30 s for as long as one exists (a supervisor idles for months:
 * those wake-ups are its idle CPU), and which is started again, with a logger lookup, by the
 * first allocation after it ended (on a restart's path). This adapter frees every buffer
 * explicitly anyway.
 *
 * <p>Thread-safety: the memory is plain memory; {@link #close()} must be called once, by the
 * owner, after the last use.
 */
final class NativeBlock extends Pointer implements AutoCloseable {
    private final long size;
    private boolean freed;

    /** @param size bytes, at least 1; the memory is not zeroed */
    NativeBlock(long size) {
        super(allocate(size));
        this.size = size;
    }

    private static long allocate(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        long peer = Native.malloc(size);
        if (peer == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") failed");
        }
        return peer;
    }

    long size() {
        return size;
    }

    /** Zeroes the whole block. */
    void clear() {
        setMemory(0, size, (byte) 0);
    }

    @Override
    public synchronized void close() {
        if (!freed) {
            freed = true;
            Native.free(peer);
        }
    }
}

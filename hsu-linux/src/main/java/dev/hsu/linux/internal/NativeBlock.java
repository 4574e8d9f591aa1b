package dev.hsu.linux.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Native memory from {@code malloc}, freed by {@link #close()} (try-with-resources) and by
 * nothing else.
 *
 * <p>Why not JNA's {@code Memory}: every {@code Memory} is registered with JNA's cleaner (a
 * cleanable object and a lock per buffer, on hot paths such as a restart's), which this adapter
 * does not need: it frees every buffer explicitly. (JNA's cleaner thread itself runs anyway,
 * because JNA registers each loaded {@code NativeLibrary} with it too.)
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

package dev.hsu.linux.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.List;

/**
 * One native allocation carved into 16-byte aligned slices: a spawn needs a dozen small
 * buffers (structs, strings, the argv and envp arrays) and one {@code malloc}/{@code free} is
 * cheaper than a dozen. The memory is not zeroed; the libc {@code *_init} functions initialise
 * what they own.
 *
 * <p>Thread-safety: confined to one thread; close it when the native calls are done.
 */
final class NativeArena implements AutoCloseable {
    private static final int ALIGN = 16;

    private final NativeBlock memory;
    private long used;

    /** @param capacity bytes; use the {@code sizeOf*} helpers to add up what will be allocated */
    NativeArena(long capacity) {
        this.memory = new NativeBlock(Math.max(capacity, ALIGN));
    }

    /** Bytes an {@link #alloc} of {@code bytes} consumes, alignment included. */
    static long sizeOf(long bytes) {
        return (bytes + ALIGN - 1) / ALIGN * ALIGN + ALIGN;
    }

    /** Bytes {@link #cString} consumes for {@code bytes}. */
    static long sizeOfCString(byte[] bytes) {
        return sizeOf(bytes.length + 1L);
    }

    /** Bytes {@link #cStringArray} consumes for {@code strings}. */
    static long sizeOfCStringArray(List<byte[]> strings) {
        long total = sizeOf((strings.size() + 1L) * Native.POINTER_SIZE);
        for (byte[] s : strings) {
            total += sizeOfCString(s);
        }
        return total;
    }

    /** An uninitialised slice of {@code bytes}. */
    Pointer alloc(long bytes) {
        long start = (used + ALIGN - 1) / ALIGN * ALIGN;
        if (start + bytes > memory.size()) {
            throw new IllegalStateException("native arena of " + memory.size() + " bytes exhausted");
        }
        used = start + bytes;
        return memory.share(start, bytes);
    }

    /** A NUL-terminated copy of {@code bytes}. */
    Pointer cString(byte[] bytes) {
        Pointer p = alloc(bytes.length + 1L);
        p.write(0, bytes, 0, bytes.length);
        p.setByte(bytes.length, (byte) 0);
        return p;
    }

    /** A NULL-terminated array of pointers to NUL-terminated copies of {@code strings}. */
    Pointer cStringArray(List<byte[]> strings) {
        Pointer array = alloc((strings.size() + 1L) * Native.POINTER_SIZE);
        long offset = 0;
        for (byte[] s : strings) {
            array.setPointer(offset, cString(s));
            offset += Native.POINTER_SIZE;
        }
        array.setPointer(offset, null);
        return array;
    }

    @Override
    public void close() {
        memory.close();
    }
}

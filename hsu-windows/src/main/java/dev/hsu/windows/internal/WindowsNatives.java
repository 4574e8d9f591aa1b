package dev.hsu.windows.internal;

import com.sun.jna.Native;

/**
 * The native libraries the adapter calls, handed to every part of it through constructors so that
 * tests can hand mocks instead.
 *
 * @param kernel32 processes, Job Objects, pipes, the completion port, consoles
 * @param user32 windows (the graceful stop of GUI programs)
 */
public record WindowsNatives(Kernel32 kernel32, User32 user32) {

    /**
     * Binds kernel32 and user32 through JNA.
     *
     * @throws UnsatisfiedLinkError if they cannot be loaded (not Windows)
     */
    public static WindowsNatives load() {
        return new WindowsNatives(Native.load("kernel32", Kernel32.class), Native.load("user32", User32.class));
    }
}

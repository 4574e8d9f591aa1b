package dev.hsu.macos.internal;

/** A C library call failed; the message names the call and the errno. */
final class NativeCallException extends Exception {
    private final int errno;

    NativeCallException(String call, int errno) {
        super(call + " failed: " + Errno.describe(errno));
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}

package dev.hsu.linux.internal;

/**
 * A C library call failed. Internal: the ports translate it into a message that names the unit
 * and what to do.
 */
final class NativeCallException extends Exception {
    private final String call;
    private final int errno;

    NativeCallException(String call, int errno) {
        super(call + " failed: " + Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    String call() {
        return call;
    }

    int errno() {
        return errno;
    }
}

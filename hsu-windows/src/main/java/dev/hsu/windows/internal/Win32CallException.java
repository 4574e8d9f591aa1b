package dev.hsu.windows.internal;

/**
 * A Win32 call failed; the message names the call and the error ({@code CreateJobObjectW failed:
 * ERROR_ACCESS_DENIED (5)}).
 */
final class Win32CallException extends Exception {
    private final String call;
    private final int error;

    Win32CallException(String call, int error) {
        super(call + " failed: " + Win32Error.describe(error));
        this.call = call;
        this.error = error;
    }

    String call() {
        return call;
    }

    int error() {
        return error;
    }
}

package dev.hsu.windows.internal;

/**
 * Names for the Win32 error codes the adapter meets, for messages that say what went wrong
 * ({@code ERROR_ACCESS_DENIED (5)}) without {@code FormatMessage}, whose text depends on the
 * system's language.
 */
final class Win32Error {
    static final int ERROR_FILE_NOT_FOUND = 2;
    static final int ERROR_PATH_NOT_FOUND = 3;
    static final int ERROR_ACCESS_DENIED = 5;
    static final int ERROR_INVALID_HANDLE = 6;
    static final int ERROR_NOT_ENOUGH_MEMORY = 8;
    static final int ERROR_BAD_FORMAT = 11;
    static final int ERROR_NOT_SUPPORTED = 50;
    static final int ERROR_INVALID_PARAMETER = 87;
    static final int ERROR_BROKEN_PIPE = 109;
    static final int ERROR_BAD_EXE_FORMAT = 193;
    static final int ERROR_NO_DATA = 232;
    static final int ERROR_MORE_DATA = 234;
    static final int ERROR_DIRECTORY = 267;
    static final int ERROR_PIPE_CONNECTED = 535;
    static final int ERROR_ABANDONED_WAIT_0 = 735;
    static final int ERROR_ELEVATION_REQUIRED = 740;
    static final int ERROR_OPERATION_ABORTED = 995;
    static final int ERROR_IO_PENDING = 997;
    static final int ERROR_NOT_ENOUGH_QUOTA = 1816;

    private Win32Error() {
    }

    /** {@code ERROR_ACCESS_DENIED (5)}, or {@code error 1234} for a code without a name here. */
    static String describe(int code) {
        String name = switch (code) {
            case 0 -> "ERROR_SUCCESS";
            case 1 -> "ERROR_INVALID_FUNCTION";
            case ERROR_FILE_NOT_FOUND -> "ERROR_FILE_NOT_FOUND";
            case ERROR_PATH_NOT_FOUND -> "ERROR_PATH_NOT_FOUND";
            case ERROR_ACCESS_DENIED -> "ERROR_ACCESS_DENIED";
            case ERROR_INVALID_HANDLE -> "ERROR_INVALID_HANDLE";
            case ERROR_NOT_ENOUGH_MEMORY -> "ERROR_NOT_ENOUGH_MEMORY";
            case ERROR_BAD_FORMAT -> "ERROR_BAD_FORMAT";
            case ERROR_NOT_SUPPORTED -> "ERROR_NOT_SUPPORTED";
            case ERROR_INVALID_PARAMETER -> "ERROR_INVALID_PARAMETER";
            case ERROR_BROKEN_PIPE -> "ERROR_BROKEN_PIPE";
            case ERROR_BAD_EXE_FORMAT -> "ERROR_BAD_EXE_FORMAT";
            case ERROR_NO_DATA -> "ERROR_NO_DATA";
            case ERROR_MORE_DATA -> "ERROR_MORE_DATA";
            case ERROR_DIRECTORY -> "ERROR_DIRECTORY";
            case ERROR_PIPE_CONNECTED -> "ERROR_PIPE_CONNECTED";
            case ERROR_ABANDONED_WAIT_0 -> "ERROR_ABANDONED_WAIT_0";
            case ERROR_ELEVATION_REQUIRED -> "ERROR_ELEVATION_REQUIRED";
            case ERROR_OPERATION_ABORTED -> "ERROR_OPERATION_ABORTED";
            case ERROR_IO_PENDING -> "ERROR_IO_PENDING";
            case ERROR_NOT_ENOUGH_QUOTA -> "ERROR_NOT_ENOUGH_QUOTA";
            default -> null;
        };
        return name != null ? name + " (" + code + ")" : "error " + code;
    }
}

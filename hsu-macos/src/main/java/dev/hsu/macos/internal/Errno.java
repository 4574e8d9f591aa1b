package dev.hsu.macos.internal;

/** macOS errno values the adapter meets, named for messages (no strerror: not thread-safe). */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int E2BIG = 7;
    static final int ENOEXEC = 8;
    static final int ECHILD = 10;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int EMFILE = 24;
    static final int ETXTBSY = 26;
    static final int EAGAIN = 35;

    private Errno() {
    }

    static String describe(int errno) {
        String name = switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case E2BIG -> "E2BIG";
            case ENOEXEC -> "ENOEXEC";
            case ECHILD -> "ECHILD";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EINVAL -> "EINVAL";
            case EMFILE -> "EMFILE";
            case ETXTBSY -> "ETXTBSY";
            case EAGAIN -> "EAGAIN";
            default -> null;
        };
        return name != null ? name + " (" + errno + ")" : "errno " + errno;
    }
}

package dev.hsu.linux.internal;

import com.sun.jna.Native;

/**
 * Linux error numbers (the generic numbering shared by x86_64 and aarch64) and their messages.
 * A table rather than {@code strerror}, which is not thread-safe for unknown numbers and whose
 * text depends on the master's locale.
 */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int E2BIG = 7;
    static final int ENOEXEC = 8;
    static final int EBADF = 9;
    static final int ECHILD = 10;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int ETXTBSY = 26;
    static final int ENOSPC = 28;
    static final int EROFS = 30;
    static final int ENAMETOOLONG = 36;
    static final int ENOSYS = 38;
    static final int ELOOP = 40;

    private Errno() {
    }

    /** The calling thread's errno after the last native call. */
    static int last() {
        return Native.getLastError();
    }

    /** E.g. {@code No such file or directory (ENOENT)}. */
    static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "Operation not permitted (EPERM)";
            case ENOENT -> "No such file or directory (ENOENT)";
            case ESRCH -> "No such process (ESRCH)";
            case EINTR -> "Interrupted system call (EINTR)";
            case EIO -> "Input/output error (EIO)";
            case E2BIG -> "Argument list too long (E2BIG)";
            case ENOEXEC -> "Exec format error (ENOEXEC)";
            case EBADF -> "Bad file descriptor (EBADF)";
            case ECHILD -> "No child processes (ECHILD)";
            case EAGAIN -> "Resource temporarily unavailable (EAGAIN)";
            case ENOMEM -> "Cannot allocate memory (ENOMEM)";
            case EACCES -> "Permission denied (EACCES)";
            case EFAULT -> "Bad address (EFAULT)";
            case EBUSY -> "Device or resource busy (EBUSY)";
            case EEXIST -> "File exists (EEXIST)";
            case ENOTDIR -> "Not a directory (ENOTDIR)";
            case EISDIR -> "Is a directory (EISDIR)";
            case EINVAL -> "Invalid argument (EINVAL)";
            case ENFILE -> "Too many open files in system (ENFILE)";
            case EMFILE -> "Too many open files (EMFILE)";
            case ETXTBSY -> "Text file busy (ETXTBSY)";
            case ENOSPC -> "No space left on device (ENOSPC)";
            case EROFS -> "Read-only file system (EROFS)";
            case ENAMETOOLONG -> "File name too long (ENAMETOOLONG)";
            case ENOSYS -> "Function not implemented (ENOSYS)";
            case ELOOP -> "Too many levels of symbolic links (ELOOP)";
            default -> "errno " + errno;
        };
    }
}

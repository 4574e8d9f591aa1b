package dev.hsu.macos.internal;

/** The Darwin constants the adapter uses (macOS SDK headers: spawn.h, sys/event.h, fcntl.h, ...). */
final class Darwin {
    private Darwin() {
    }

    // posix_spawn attribute flags
    static final short POSIX_SPAWN_SETPGROUP = 0x0002;
    static final short POSIX_SPAWN_SETSIGDEF = 0x0004;
    static final short POSIX_SPAWN_SETSIGMASK = 0x0008;
    /** Apple: every fd the file actions do not name is closed in the child. */
    static final short POSIX_SPAWN_CLOEXEC_DEFAULT = 0x4000;

    // open(2)
    static final int O_RDONLY = 0x0000;
    static final int O_WRONLY = 0x0001;
    static final int O_APPEND = 0x0008;
    static final int O_CREAT = 0x0200;
    static final int O_TRUNC = 0x0400;

    // kqueue
    static final short EVFILT_READ = -1;
    static final short EVFILT_PROC = -5;
    static final short EVFILT_USER = -10;
    static final short EV_ADD = 0x0001;
    static final short EV_DELETE = 0x0002;
    static final short EV_ENABLE = 0x0004;
    static final short EV_DISABLE = 0x0008;
    static final short EV_ONESHOT = 0x0010;
    static final short EV_CLEAR = 0x0020;
    static final short EV_ERROR = 0x4000;
    static final short EV_EOF = (short) 0x8000;
    static final int NOTE_EXIT = 0x80000000;
    static final int NOTE_TRIGGER = 0x01000000;

    // poll(2)
    static final short POLLIN = 0x0001;
    static final short POLLHUP = 0x0010;

    // waitpid(2)
    static final int WNOHANG = 1;

    // rlimits: macOS numbers, not Linux's
    static final int RLIMIT_NPROC = 7;
    static final int RLIMIT_NOFILE = 8;
    static final long RLIM_INFINITY = 0x7FFF_FFFF_FFFF_FFFFL;

    static final int PRIO_PROCESS = 0;

    // libproc
    static final int PROC_PGRP_ONLY = 2;
    static final int PROC_PPID_ONLY = 6;
    static final int PROC_PIDLISTFDS = 1;
    static final int PROC_PIDTASKINFO = 4;
    static final int PROC_PIDTBSDINFO = 3;
    static final int PROC_PIDLISTFD_SIZE = 8;
    static final int RUSAGE_INFO_V4 = 4;
    /** proc_bsdinfo.pbi_status of a zombie. */
    static final int SZOMB = 5;
}

package dev.hsu.linux.internal;

/**
 * Flag and size constants of the Linux C interface, identical on x86_64 and aarch64.
 */
final class Sys {
    // open(2)
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;

    // fcntl(2)
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;

    // posix_spawnattr_setflags (glibc and musl values)
    static final short POSIX_SPAWN_SETPGROUP = 0x02;
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final short POSIX_SPAWN_SETSCHEDULER = 0x20;
    static final int SCHED_OTHER = 0;
    static final int SCHED_BATCH = 3;

    // epoll(7), eventfd(2)
    static final int EPOLL_CLOEXEC = O_CLOEXEC;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLLIN = 0x001;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EFD_CLOEXEC = O_CLOEXEC;
    static final int EFD_NONBLOCK = O_NONBLOCK;

    // waitpid(2)
    static final int WNOHANG = 1;

    // getpriority(2), getrlimit(2)
    static final int PRIO_PROCESS = 0;
    static final int RLIMIT_NPROC = 6;
    static final int RLIMIT_NOFILE = 7;
    static final int RLIMIT_NICE = 13;
    static final long RLIM_INFINITY = -1L;

    // sysconf(3)
    static final int SC_CLK_TCK = 2;

    // Generous upper bounds of opaque libc structs (x86_64 glibc: 80, 336, 128 bytes).
    static final int FILE_ACTIONS_SIZE = 256;
    static final int SPAWNATTR_SIZE = 512;
    static final int SIGSET_SIZE = 256;

    private Sys() {
    }
}

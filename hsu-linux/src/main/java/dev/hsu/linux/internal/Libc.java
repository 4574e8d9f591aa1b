package dev.hsu.linux.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The glibc/musl functions the adapter calls, bound with JNA direct mapping ({@code Native.register}),
 * which costs a JNI call rather than the reflection and argument conversion of interface mapping.
 *
 * <p>Every string is passed as a {@link Pointer} to bytes the caller encoded (UTF-8, NUL
 * terminated) so that no JNA encoding setting can alter what reaches the kernel. Functions
 * return -1 and leave errno in {@link Native#getLastError()}, except the {@code posix_spawn*}
 * family, which returns the error number itself.
 *
 * <p>Loading this class binds every method; a missing symbol fails the class initialisation,
 * which the availability probe reports. Symbols that only newer C libraries have live in
 * {@link LibcOptional}.
 *
 * <p>Thread-safety: all of these are thread-safe C functions (no {@code strerror}: see {@link Errno}).
 */
final class Libc {

    static {
        Native.register(Libc.class, NativeLibrary.getInstance("c"));
    }

    private Libc() {
    }

    // posix_spawn and its attributes; each returns 0 or an error number.
    static native int posix_spawn(Pointer pid, Pointer path, Pointer fileActions, Pointer attr, Pointer argv,
            Pointer envp);

    static native int posix_spawn_file_actions_init(Pointer actions);

    static native int posix_spawn_file_actions_destroy(Pointer actions);

    static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, Pointer path, int flags, int mode);

    static native int posix_spawn_file_actions_addclose(Pointer actions, int fd);

    /** glibc 2.29+, musl 1.1.24+. */
    static native int posix_spawn_file_actions_addchdir_np(Pointer actions, Pointer path);

    static native int posix_spawnattr_init(Pointer attr);

    static native int posix_spawnattr_destroy(Pointer attr);

    static native int posix_spawnattr_setflags(Pointer attr, short flags);

    static native int posix_spawnattr_setpgroup(Pointer attr, int pgroup);

    static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    static native int posix_spawnattr_setschedpolicy(Pointer attr, int policy);

    // Scheduling policy of a thread (pid 0: the calling thread); -1 and errno on failure.
    static native int sched_getscheduler(int pid);

    static native int sched_setscheduler(int pid, int policy, Pointer param);

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);

    static native int sigdelset(Pointer set, int signal);

    /** {@code syscall(2)} with two arguments (pidfd_open). Variadic in C; fixed arity is ABI-safe here. */
    static native long syscall(long number, long a1, long a2);

    /** {@code syscall(2)} with four arguments (pidfd_send_signal). */
    static native long syscall(long number, long a1, long a2, long a3, long a4);

    static native int epoll_create1(int flags);

    static native int epoll_ctl(int epfd, int op, int fd, Pointer event);

    static native int epoll_wait(int epfd, Pointer events, int maxEvents, int timeoutMillis);

    static native int eventfd(int initval, int flags);

    static native int waitpid(int pid, Pointer status, int options);

    static native int kill(int pid, int signal);

    static native int pipe2(Pointer fds, int flags);

    /** {@code fcntl(2)} with an int argument. Variadic in C; fixed arity is ABI-safe on x86_64 and aarch64. */
    static native int fcntl(int fd, int cmd, int arg);

    static native long read(int fd, Pointer buffer, long count);

    static native long write(int fd, Pointer buffer, long count);

    static native int close(int fd);

    /** {@code open(2)}; variadic in C (the mode), fixed arity is ABI-safe on x86_64 and aarch64. */
    static native int open(Pointer path, int flags, int mode);

    static native int getpriority(int which, int who);

    static native int getrlimit(int resource, Pointer rlimit);

    static native int getpid();

    static native long sysconf(int name);
}

package dev.hsu.macos.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

/**
 * The libSystem (libc) functions the macOS adapter calls, bound by JNA interface mapping so that
 * tests can hand the adapter a Mockito mock. Paths and arguments are {@link Pointer}s to UTF-8
 * bytes the adapter encoded itself ({@link CStrings}).
 *
 * <p>No variadic function is bound: on Apple silicon a variadic argument travels on the stack,
 * where a fixed-arity binding would not put it. So there is no {@code fcntl} or {@code ioctl}: pipe
 * ends are read only when {@code kevent} or {@code poll} say they are readable, which never blocks.
 *
 * <p>Functions return -1 and leave errno in {@link #lastError()}, except the {@code posix_spawn*}
 * family, which returns the error number itself.
 *
 * <p>Thread-safety: the functions are thread-safe.
 */
public interface MacLibc extends Library {

    int posix_spawn(Pointer pid, Pointer path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

    /** {@code posix_spawn_file_actions_t} is a pointer on macOS: these take its address. */
    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, Pointer path, int flags, int mode);

    int posix_spawn_file_actions_addclose(Pointer actions, int fd);

    /** Apple: keeps {@code fd} open in the child despite {@code POSIX_SPAWN_CLOEXEC_DEFAULT}. */
    int posix_spawn_file_actions_addinherit_np(Pointer actions, int fd);

    /** macOS 10.15+. */
    int posix_spawn_file_actions_addchdir_np(Pointer actions, Pointer path);

    /** {@code posix_spawnattr_t} is a pointer on macOS: these take its address. */
    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setpgroup(Pointer attr, int pgroup);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int kqueue();

    int kevent(int kq, Pointer changes, int nchanges, Pointer events, int nevents, Pointer timeout);

    int waitpid(int pid, Pointer status, int options);

    int kill(int pid, int signal);

    int pipe(Pointer fds);

    int poll(Pointer fds, int nfds, int timeoutMillis);

    long read(int fd, Pointer buffer, long count);

    int close(int fd);

    int getrlimit(int resource, Pointer rlimit);

    int getpriority(int which, int who);

    int geteuid();

    int getpid();

    int sysctlbyname(String name, Pointer oldValue, LongByReference oldLength, Pointer newValue, long newLength);

    int mach_timebase_info(Pointer info);

    /** errno of this thread's last call through JNA. */
    default int lastError() {
        return Native.getLastError();
    }
}

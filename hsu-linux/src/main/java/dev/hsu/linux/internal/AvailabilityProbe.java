package dev.hsu.linux.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds out once whether the Linux adapter works here: the OS is Linux on a supported
 * architecture, JNA binds the C library, {@code pidfd_open} (Linux 5.3+) and {@code epoll}
 * work, and {@code /proc} is mounted. The first failure is the cause; nothing is retried.
 *
 * <p>Thread-safety: the outcome is computed once per JVM (class initialisation) and immutable.
 */
public final class AvailabilityProbe {

    private AvailabilityProbe() {
    }

    /** Why the adapter cannot work on this host; empty when it can. */
    public static Optional<Throwable> unavailabilityCause() {
        return Holder.CAUSE;
    }

    private static final class Holder {
        static final Optional<Throwable> CAUSE = Optional.ofNullable(
                probe(System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown")));
    }

    /** @return the cause, or null if available */
    static Throwable probe(String osName, String osArch) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return new UnsupportedOperationException("this host runs " + osName + ", not Linux");
        }
        if (Arch.of(osArch).isEmpty()) {
            return new UnsupportedOperationException("the Linux adapter supports x86_64 and aarch64, not " + osArch);
        }
        int pid;
        try {
            pid = Libc.getpid();
        } catch (LinkageError e) {
            return new UnsupportedOperationException("JNA could not bind the C library functions the adapter needs "
                    + "(posix_spawn_file_actions_addchdir_np needs glibc 2.29+ or musl 1.1.24+): " + e, e);
        }
        int pidfd = (int) Libc.syscall(Arch.SYS_PIDFD_OPEN, pid, 0);
        if (pidfd < 0) {
            int errno = Errno.last();
            return new UnsupportedOperationException("pidfd_open does not work here (" + Errno.describe(errno)
                    + "); the Linux adapter needs Linux 5.3 or newer, this kernel is "
                    + System.getProperty("os.version", "unknown")
                    + (errno == Errno.EPERM ? " or a seccomp filter forbids the call" : ""));
        }
        Libc.close(pidfd);
        int epfd = Libc.epoll_create1(Sys.EPOLL_CLOEXEC);
        if (epfd < 0) {
            return new UnsupportedOperationException("epoll_create1 failed: " + Errno.describe(Errno.last()));
        }
        Libc.close(epfd);
        if (!Files.isReadable(Path.of("/proc/self/stat"))) {
            return new UnsupportedOperationException("/proc is not mounted; the Linux adapter reads process "
                    + "start times and trees from it");
        }
        return null;
    }
}

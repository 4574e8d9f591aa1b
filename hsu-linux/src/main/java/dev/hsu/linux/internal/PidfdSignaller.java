package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.PidSignaller;
import java.util.function.IntPredicate;

/**
 * Signals a cgroup member through a pidfd: {@code pidfd_open} pins the process, the membership is
 * checked after the pin (a pid reused by a process outside the unit fails the check), and
 * {@code pidfd_send_signal} reaches the pinned process or nobody.
 *
 * <p>Thread-safety: stateless.
 */
final class PidfdSignaller implements PidSignaller {
    static final PidfdSignaller INSTANCE = new PidfdSignaller();

    private PidfdSignaller() {
    }

    @Override
    public boolean signal(int pid, int signal, IntPredicate member) {
        int pidfd = (int) Libc.syscall(Arch.SYS_PIDFD_OPEN, pid, 0);
        if (pidfd < 0) {
            return false; // gone already
        }
        try {
            return member.test(pid) && Libc.syscall(Arch.SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0) == 0;
        } finally {
            Libc.close(pidfd);
        }
    }
}

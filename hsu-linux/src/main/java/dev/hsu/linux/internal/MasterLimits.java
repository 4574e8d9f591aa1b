package dev.hsu.linux.internal;

import com.sun.jna.Native;
import dev.hsu.spi.LaunchException;

/**
 * What the master may hand on to a child: checks made in Java before a spawn so that a limit or
 * niceness the kernel would refuse is a {@link LaunchException} naming the fix, instead of a
 * trampoline that exits with {@link Trampoline#FAILURE_EXIT_CODE}.
 *
 * <p>Thread-safety: safe from any thread; the capability set is read once.
 */
final class MasterLimits {
    private final ProcFs proc;
    private volatile ProcStatus self;

    MasterLimits(ProcFs proc) {
        this.proc = proc;
    }

    /**
     * Raising a hard rlimit above the master's needs CAP_SYS_RESOURCE; RLIMIT_NOFILE can never
     * exceed {@code /proc/sys/fs/nr_open}.
     */
    void checkCanSet(String unitId, SetRlimit step) throws LaunchException {
        String key = step.limit().kind().configKey();
        if (step.limit() == Rlimit.NOFILE) {
            long nrOpen = proc.number("sys/fs/nr_open").orElse(Long.MAX_VALUE);
            if (step.value() > nrOpen) {
                throw new LaunchException("unit " + unitId + ": " + key + " " + step.value()
                        + " is above the kernel's maximum of " + nrOpen + " (/proc/sys/fs/nr_open); lower it");
            }
        }
        long hard = hardLimit(step.limit().resource());
        if (hard != Sys.RLIM_INFINITY && Long.compareUnsigned(step.value(), hard) > 0
                && !self().hasCapability(ProcStatus.CAP_SYS_RESOURCE)) {
            throw new LaunchException("unit " + unitId + ": " + key + " " + step.value() + " is above the master's hard "
                    + "limit of " + hard + " and the master lacks CAP_SYS_RESOURCE to raise it; lower " + key
                    + " or raise the master's hard limit (ulimit -H, systemd Limit" + (step.limit() == Rlimit.NOFILE
                            ? "NOFILE" : "NPROC") + "=)");
        }
    }

    /**
     * @param target the niceness the unit asks for
     * @return the increment from the calling thread's niceness (which the child inherits)
     */
    int niceDelta(String unitId, int target) throws LaunchException {
        if (target < -20 || target > 19) {
            throw new LaunchException("unit " + unitId + ": niceness " + target + " is outside -20..19; fix it");
        }
        int current = currentNiceness();
        int delta = target - current;
        if (delta < 0 && !self().hasCapability(ProcStatus.CAP_SYS_NICE)) {
            long rlimitNice = softLimit(Sys.RLIMIT_NICE);
            // RLIMIT_NICE n allows niceness down to 20 - n (sched_setattr(2)).
            long allowed = rlimitNice == Sys.RLIM_INFINITY || rlimitNice >= 40 ? -20 : 20 - rlimitNice;
            if (target < allowed) {
                throw new LaunchException("unit " + unitId + ": niceness " + target + " is below the master's "
                        + "niceness " + current + "; lowering it needs CAP_SYS_NICE or RLIMIT_NICE of at least "
                        + (20 - target) + " (the master allows down to " + allowed + "); run the master with that "
                        + "right or choose niceness >= " + Math.min(current, allowed));
            }
        }
        return delta;
    }

    /** The calling thread's niceness: on Linux it is per thread, and posix_spawn copies the caller's. */
    static int currentNiceness() {
        Native.setLastError(0);
        int n = Libc.getpriority(Sys.PRIO_PROCESS, 0);
        if (n == -1 && Errno.last() != 0) {
            return 0;
        }
        return n;
    }

    private ProcStatus self() {
        ProcStatus known = self;
        if (known == null) {
            known = proc.status("self").orElse(new ProcStatus(-1, -1, -1, 0));
            self = known;
        }
        return known;
    }

    private static long hardLimit(int resource) {
        try (NativeBlock rlimit = new NativeBlock(16)) {
            return Libc.getrlimit(resource, rlimit) == 0 ? rlimit.getLong(8) : Sys.RLIM_INFINITY;
        }
    }

    /** The master's soft RLIMIT_NOFILE (what it may open now); 0 if unreadable. */
    long openFilesSoftLimit() {
        return softLimit(Sys.RLIMIT_NOFILE);
    }

    private static long softLimit(int resource) {
        try (NativeBlock rlimit = new NativeBlock(16)) {
            return Libc.getrlimit(resource, rlimit) == 0 ? rlimit.getLong(0) : 0;
        }
    }
}

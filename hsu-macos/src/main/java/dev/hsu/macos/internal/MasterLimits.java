package dev.hsu.macos.internal;

import com.sun.jna.Memory;
import com.sun.jna.ptr.LongByReference;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LimitKind;

/**
 * What the master may hand on to a child, checked in Java before a spawn, so that a limit or
 * niceness macOS would refuse is a {@link LaunchException} naming the fix instead of a trampoline
 * that exits with {@link Trampoline#FAILURE_EXIT_CODE}.
 *
 * <p>macOS refuses an RLIMIT_NOFILE above {@code kern.maxfilesperproc} and an RLIMIT_NPROC above
 * {@code kern.maxprocperuid}; raising a hard limit above the master's, or a niceness below it,
 * needs root.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class MasterLimits {
    private final MacLibc libc;

    MasterLimits(MacLibc libc) {
        this.libc = libc;
    }

    void checkCanSet(String unitId, RlimitStep step) throws LaunchException {
        String key = step.kind().configKey();
        String sysctl = step.kind() == LimitKind.MAX_OPEN_FILES ? "kern.maxfilesperproc" : "kern.maxprocperuid";
        long system = sysctl(sysctl);
        if (system > 0 && step.value() > system) {
            throw new LaunchException("unit " + unitId + ": " + key + " " + step.value() + " is above macOS's maximum of "
                    + system + " (" + sysctl + "); lower it, or raise " + sysctl + " with sysctl -w");
        }
        long hard = hardLimit(step.resource());
        if (hard != Darwin.RLIM_INFINITY && hard >= 0 && step.value() > hard && libc.geteuid() != 0) {
            throw new LaunchException("unit " + unitId + ": " + key + " " + step.value() + " is above the master's hard "
                    + "limit of " + hard + " and only root may raise it; lower " + key + " or raise the master's hard "
                    + "limit (ulimit -H, launchctl limit)");
        }
    }

    /** @return the increment from the master's niceness (which the child inherits) */
    int niceDelta(String unitId, int target) throws LaunchException {
        if (target < -20 || target > 19) {
            throw new LaunchException("unit " + unitId + ": niceness " + target + " is outside -20..19; fix it");
        }
        int current = libc.getpriority(Darwin.PRIO_PROCESS, 0);
        int delta = target - current;
        if (delta < 0 && libc.geteuid() != 0) {
            throw new LaunchException("unit " + unitId + ": niceness " + target + " is below the master's niceness "
                    + current + ", which only root may do on macOS; run the master as root or choose niceness >= "
                    + current);
        }
        return delta;
    }

    private long hardLimit(int resource) {
        RlimitStruct rlimit = new RlimitStruct();
        if (libc.getrlimit(resource, rlimit.getPointer()) != 0) {
            return -1;
        }
        rlimit.read();
        return rlimit.rlim_max;
    }

    /** An integer sysctl, or -1 if it cannot be read. */
    private long sysctl(String name) {
        try (Memory value = new Memory(8)) {
            value.clear();
            LongByReference length = new LongByReference(8);
            if (libc.sysctlbyname(name, value, length, null, 0) != 0) {
                return -1;
            }
            return length.getValue() == 4 ? value.getInt(0) : value.getLong(0);
        }
    }
}

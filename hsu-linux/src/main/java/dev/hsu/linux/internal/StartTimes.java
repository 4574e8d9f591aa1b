package dev.hsu.linux.internal;

import java.time.Instant;
import java.util.Optional;

/**
 * Start times of processes as the kernel records them: field 22 of {@code /proc/<pid>/stat}
 * (clock ticks after boot) plus the boot time ({@code btime} of {@code /proc/stat}, whole
 * seconds). Two reads of the same process give the same value, which is what telling a recycled
 * pid apart needs; the absolute instant is as precise as {@code btime} (one second), like ps.
 *
 * <p>Thread-safety: immutable; safe from any thread.
 */
final class StartTimes {
    private final ProcFs proc;
    private final long bootSeconds;
    private final long ticksPerSecond;

    StartTimes(ProcFs proc, long bootSeconds, long ticksPerSecond) {
        this.proc = proc;
        this.bootSeconds = bootSeconds;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The start time of {@code pid}, empty if it is gone. */
    Optional<Instant> of(long pid) {
        return proc.stat(pid).map(stat -> ProcFs.startInstant(bootSeconds, stat.startTicks(), ticksPerSecond));
    }

    /** The start time in raw clock ticks, for identity comparisons. */
    Optional<Long> ticksOf(long pid) {
        return proc.stat(pid).map(ProcStat::startTicks);
    }

    /** A zombie's exit status as waitpid(2) reports it; empty unless it exited and is not reaped yet. */
    Optional<Integer> zombieExitStatus(long pid) {
        return proc.zombieExitStatus(pid);
    }

    Instant toInstant(long startTicks) {
        return ProcFs.startInstant(bootSeconds, startTicks, ticksPerSecond);
    }
}

package dev.hsu.linux.internal;

import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ResourceMeter;
import dev.hsu.spi.ResourceUsage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Samples a unit from the proc filesystem: the main process and its descendants found through
 * {@code task/<tid>/children}, each read from {@code stat} (CPU ticks, own and of reaped
 * children), {@code status} (VmRSS, Threads), {@code fd/} (count) and {@code io}
 * (read_bytes, write_bytes). The peak is the main process's VmHWM.
 *
 * <p>A value is {@link ResourceUsage#UNKNOWN} when the main process's file for it cannot be read
 * ({@code io} and {@code fd/} need the master to be allowed to ptrace the unit); a descendant
 * that vanished between two reads is simply not counted.
 *
 * <p>Platform note: without a cgroup the CPU of descendants that were reaped by a process outside
 * the unit is lost, and a descendant reparented to init is no longer counted.
 *
 * <p>Thread-safety: immutable; safe from any thread. Cost: about five small reads per process of
 * the unit.
 */
final class ProcFsMeter implements ResourceMeter {

    private final ProcFs proc;
    private final long nanosPerTick;

    /** @param ticksPerSecond {@code sysconf(_SC_CLK_TCK)}, the unit of the stat CPU fields */
    ProcFsMeter(ProcFs proc, long ticksPerSecond) {
        this.proc = proc;
        this.nanosPerTick = 1_000_000_000L / ticksPerSecond;
    }

    @Override
    public ResourceUsage sample(LaunchedProcess process) {
        if (!process.isAlive()) {
            return ResourceUsage.NONE;
        }
        long mainPid = process.pid();
        Optional<ProcStat> mainStat = proc.stat(mainPid);
        if (mainStat.isEmpty()) {
            return ResourceUsage.NONE;
        }
        Sum cpu = new Sum();
        Sum rss = new Sum();
        Sum threads = new Sum();
        Sum fds = new Sum();
        Sum read = new Sum();
        Sum written = new Sum();
        long processes = 0;
        long peak = ResourceUsage.UNKNOWN;

        Set<Long> seen = new HashSet<>();
        Deque<Long> queue = new ArrayDeque<>();
        queue.add(mainPid);
        seen.add(mainPid);
        while (!queue.isEmpty()) {
            long pid = queue.poll();
            boolean main = pid == mainPid;
            Optional<ProcStat> stat = main ? mainStat : proc.stat(pid);
            if (stat.isEmpty()) {
                continue; // ended between listing and reading
            }
            processes++;
            ProcStat s = stat.get();
            cpu.add(main, (s.utimeTicks() + s.stimeTicks() + s.cutimeTicks() + s.cstimeTicks()) * nanosPerTick);
            Optional<ProcStatus> status = proc.status(Long.toString(pid));
            rss.add(main, status.map(ProcStatus::rssBytes).orElse(-1L));
            threads.add(main, status.map(ProcStatus::threads).filter(t -> t >= 0).orElse((long) s.threads()));
            if (main) {
                peak = status.map(ProcStatus::peakRssBytes).filter(v -> v >= 0).orElse(ResourceUsage.UNKNOWN);
            }
            fds.add(main, proc.countFds(pid));
            Optional<ProcIo> io = proc.io(pid);
            read.add(main, io.map(ProcIo::readBytes).orElse(-1L));
            written.add(main, io.map(ProcIo::writeBytes).orElse(-1L));
            for (int child : proc.children(pid)) {
                if (seen.add((long) child)) {
                    queue.add((long) child);
                }
            }
        }
        return new ResourceUsage(cpu.value(), rss.value(), peak, processes, threads.value(), fds.value(),
                read.value(), written.value());
    }

    /** A total that is UNKNOWN when the main process's value is. */
    private static final class Sum {
        private long total;
        private boolean known = true;

        void add(boolean main, long value) {
            if (value < 0) {
                if (main) {
                    known = false;
                }
                return;
            }
            total += value;
        }

        long value() {
            return known ? total : ResourceUsage.UNKNOWN;
        }
    }
}

package dev.hsu.macos.internal;

import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ResourceMeter;
import dev.hsu.spi.ResourceUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Samples a unit with libproc: the main process and its descendants (by parent links), each read
 * with {@code proc_pid_rusage(RUSAGE_INFO_V4)} (CPU, own and of reaped children; resident memory;
 * disk I/O), {@code PROC_PIDTASKINFO} (threads) and {@code PROC_PIDLISTFDS} (open files). The peak
 * is the main process's lifetime maximum physical footprint.
 *
 * <p>CPU times are Mach absolute time units, converted with {@code mach_timebase_info} (1/1 on
 * Intel, 125/3 on Apple silicon: reading them as nanoseconds would be 40 times too low there).
 *
 * <p>A value is {@link ResourceUsage#UNKNOWN} when the main process's figure cannot be read; a
 * descendant that vanished between two reads is not counted.
 *
 * <p>Thread-safety: immutable; safe from any thread.
 */
final class LibprocMeter implements ResourceMeter {
    private final ProcInfo proc;
    private final long numer;
    private final long denom;

    LibprocMeter(ProcInfo proc, int timebaseNumer, int timebaseDenom) {
        this.proc = proc;
        this.numer = Integer.toUnsignedLong(timebaseNumer);
        this.denom = Math.max(1, Integer.toUnsignedLong(timebaseDenom));
    }

    /** Mach ticks to nanoseconds, without overflow for any realistic total. */
    long nanos(long ticks) {
        return ticks / denom * numer + (ticks % denom) * numer / denom;
    }

    @Override
    public ResourceUsage sample(LaunchedProcess process) {
        if (!process.isAlive()) {
            return ResourceUsage.NONE;
        }
        int mainPid = (int) process.pid();
        Optional<RusageInfoV4> mainUsage = proc.rusage(mainPid);
        if (mainUsage.isEmpty()) {
            return ResourceUsage.NONE;
        }
        List<Integer> pids = new ArrayList<>();
        pids.add(mainPid);
        for (ProcessTree.Member m : ProcessTree.descendants(proc, mainPid)) {
            pids.add(m.pid());
        }
        Sum cpu = new Sum();
        Sum rss = new Sum();
        Sum threads = new Sum();
        Sum fds = new Sum();
        Sum read = new Sum();
        Sum written = new Sum();
        long processes = 0;
        long peak = mainUsage.get().ri_lifetime_max_phys_footprint;
        for (int pid : pids) {
            boolean main = pid == mainPid;
            Optional<RusageInfoV4> usage = main ? mainUsage : proc.rusage(pid);
            if (usage.isEmpty()) {
                continue; // ended between listing and reading
            }
            processes++;
            RusageInfoV4 u = usage.get();
            cpu.add(main, nanos(u.ri_user_time + u.ri_system_time + u.ri_child_user_time + u.ri_child_system_time));
            rss.add(main, u.ri_resident_size);
            read.add(main, u.ri_diskio_bytesread);
            written.add(main, u.ri_diskio_byteswritten);
            threads.add(main, proc.task(pid).map(t -> (long) t.pti_threadnum).orElse(-1L));
            fds.add(main, proc.openFiles(pid));
        }
        return new ResourceUsage(cpu.value(), rss.value(), peak, processes, threads.value(), fds.value(), read.value(),
                written.value());
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

package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.CgroupTree;
import dev.hsu.linux.internal.cgroup.Hierarchy;
import dev.hsu.linux.internal.cgroup.UnitCgroup;
import dev.hsu.spi.AdoptionRecord;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchedProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the adoption records of launched processes and adopts the processes of an earlier
 * master from them; tells the {@link Lifeline} of every process that starts being watched and of
 * every reap.
 *
 * <p>Identity: a record holds the boot id, the pid and the start time in clock ticks after boot
 * (field 22 of {@code /proc/<pid>/stat}, exact, not rounded to the second). A process is adopted
 * only if all three match, checked again after {@code pidfd_open} pinned it: a pid reused by
 * another process (or after a reboot) is never taken for the unit.
 *
 * <p>The record's keys: {@value #BOOT_ID}, {@value #START_TICKS}, {@value #PGID} and, when the unit
 * has a cgroup, {@value #CGROUPS} (its directories, tracking first, one per line).
 *
 * <p>Thread-safety: safe from any thread.
 */
final class ProcessAdopter {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessAdopter.class);

    static final String BOOT_ID = "boot_id";
    static final String START_TICKS = "start_ticks";
    static final String PGID = "pgid";
    static final String CGROUPS = "cgroup_dirs";

    private final ProcFs proc;
    private final StartTimes startTimes;
    private final CgroupTree tree;
    private final EventLoop loop;
    private final Lifeline lifeline;
    /** Whether the lifeline knows the tree's parents (told once they exist). */
    private volatile boolean parentsTold;
    private final String bootId;

    /** @param tree HSU's cgroups, or null when units get none */
    ProcessAdopter(ProcFs proc, StartTimes startTimes, CgroupTree tree, EventLoop loop, Lifeline lifeline) {
        this.proc = proc;
        this.startTimes = startTimes;
        this.tree = tree;
        this.loop = loop;
        this.lifeline = lifeline;
        this.bootId = proc.bootId().orElse("");
    }

    /** A launched (or adopted) process is now watched: the lifeline must know it. */
    void watching(LinuxProcess p) {
        UnitCgroup cgroup = p.confinement() instanceof LinuxConfinement c ? c.cgroup() : null;
        if (!parentsTold && tree != null) {
            // The tree makes its parents at its first unit, after the lifeline was bound.
            Map<Hierarchy, Path> parents = tree.parents();
            if (!parents.isEmpty()) {
                parentsTold = true;
                lifeline.removeAtDeath(parents.values());
            }
        }
        lifeline.watch(p.pid(), p.pgid(), cgroup == null ? null : cgroup.tracking().path());
    }

    /** The process was reaped (or, adopted, seen to end). */
    void reaped(LinuxProcess p) {
        lifeline.forget(p.pid());
    }

    /** Empty once the process is gone (its start time can no longer be read). */
    Optional<AdoptionRecord> recordOf(LinuxProcess p) {
        Optional<Long> ticks = startTimes.ticksOf(p.pid());
        if (ticks.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put(BOOT_ID, bootId);
        identity.put(START_TICKS, Long.toString(ticks.get()));
        identity.put(PGID, Integer.toString(p.pgid()));
        if (p.confinement() instanceof LinuxConfinement c && c.cgroup() != null) {
            List<String> dirs = new ArrayList<>();
            for (UnitCgroup.Dir d : c.cgroup().dirs()) {
                dirs.add(d.path().toString());
            }
            identity.put(CGROUPS, String.join("\n", dirs));
        }
        return Optional.of(new AdoptionRecord(p.confinement().unitId(), p.pid(), p.confinement().limits(), identity));
    }

    /** See {@link dev.hsu.spi.ProcessLauncher#bindToMaster}. */
    void bindToMaster(boolean bound) {
        lifeline.bind(bound);
        if (tree != null) {
            tree.keepUnitsAtExit(!bound);
        }
    }

    /** See {@link dev.hsu.spi.ProcessLauncher#adopt}. */
    Optional<LaunchedProcess> adopt(AdoptionRecord record) throws LaunchException {
        String unit = record.unitId();
        Map<String, String> id = record.identity();
        String recordedBoot = id.getOrDefault(BOOT_ID, "");
        if (!recordedBoot.isEmpty() && !bootId.isEmpty() && !recordedBoot.equals(bootId)) {
            return Optional.empty(); // the machine rebooted: nothing of that master runs
        }
        List<Path> cgroupDirs = id.getOrDefault(CGROUPS, "").lines().filter(l -> !l.isBlank()).map(Path::of).toList();
        if (tree != null) {
            // Whatever this record's master left in those cgroups is this master's to clean up,
            // kept or not, whether the process itself can be re-attached or not.
            tree.inherit(cgroupDirs);
        }
        long ticks;
        int pgid;
        try {
            ticks = Long.parseLong(id.getOrDefault(START_TICKS, ""));
            pgid = Integer.parseInt(id.getOrDefault(PGID, Long.toString(record.pid())));
        } catch (NumberFormatException e) {
            throw new LaunchException("unit " + unit + ": the adoption record of pid " + record.pid()
                    + " has no valid start time or process group (" + id + "); it was not written by the Linux "
                    + "adapter");
        }
        if (record.pid() > Integer.MAX_VALUE || !sameProcess(record.pid(), ticks)) {
            return Optional.empty();
        }
        int pid = (int) record.pid();
        int pidfd = (int) Libc.syscall(Arch.SYS_PIDFD_OPEN, pid, 0);
        if (pidfd < 0) {
            int errno = Errno.last();
            if (errno == Errno.ESRCH) {
                return Optional.empty();
            }
            throw new LaunchException("unit " + unit + ": cannot watch pid " + pid + " left by the previous master "
                    + "(pidfd_open: " + Errno.describe(errno) + ")");
        }
        // Pinned now: if it is still the same process, it stays so until we close the pidfd.
        if (!sameProcess(pid, ticks)) {
            Libc.close(pidfd);
            return Optional.empty();
        }
        UnitCgroup cgroup = null;
        if (!cgroupDirs.isEmpty()) {
            if (tree == null) {
                LOG.warn("unit {}: pid {} runs in cgroup {}, but this master uses no cgroups; stopping it reaches its "
                        + "process group only", unit, pid, cgroupDirs.get(0));
            } else {
                cgroup = tree.adopt(unit, record.limits(), cgroupDirs, pid).orElse(null);
                if (cgroup == null) {
                    LOG.warn("unit {}: pid {} is no longer in its cgroup {}; stopping it reaches its process group only",
                            unit, pid, cgroupDirs.get(0));
                }
            }
        }
        LinuxConfinement confinement = new LinuxConfinement(unit, record.limits(), List.of(), cgroup);
        long token = loop.newToken();
        LinuxProcess process = new LinuxProcess(pid, pidfd, token, unit, confinement, loop, startTimes, List.of(),
                false, pgid, this);
        try {
            loop.register(pidfd, token, process);
        } catch (NativeCallException e) {
            Libc.close(pidfd);
            throw new LaunchException("unit " + unit + ": cannot watch pid " + pid + " left by the previous master ("
                    + e.getMessage() + ")", e);
        }
        watching(process);
        LOG.info("unit {}: re-attached to pid {} left running by the previous master", unit, pid);
        return Optional.of(process);
    }

    /** Alive (not a zombie) with that start time. */
    private boolean sameProcess(long pid, long ticks) {
        return proc.stat(pid).map(s -> s.startTicks() == ticks && !s.isDead()).orElse(false);
    }
}

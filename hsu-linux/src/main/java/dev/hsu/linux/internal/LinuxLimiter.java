package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.CgroupException;
import dev.hsu.linux.internal.cgroup.CgroupTree;
import dev.hsu.linux.internal.cgroup.Controller;
import dev.hsu.linux.internal.cgroup.ControllerUnavailableException;
import dev.hsu.linux.internal.cgroup.UnitCgroup;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits through cgroups and rlimits. With a {@link CgroupTree}, every run of a unit gets a cgroup
 * of its own (limited or not: it is what makes the tree kill complete and the accounting
 * per unit), which the exec trampoline joins before the program runs ({@link JoinCgroup}), and
 * which {@link #release} removes. {@code max_open_files} is RLIMIT_NOFILE; {@code max_processes}
 * is {@code pids.max} when the pids controller is in reach, else RLIMIT_NPROC (per user, see
 * {@link LinuxCapabilities}).
 *
 * <p>A requested limit outside {@link LinuxCapabilities#enforceable} is an
 * {@link UnsupportedCapabilityException} naming it and why, never a silently ignored setting.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class LinuxLimiter implements ResourceLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxLimiter.class);

    private final CgroupTree tree;
    private final LinuxCapabilities capabilities;

    /** @param tree HSU's cgroups, or null to use none */
    LinuxLimiter(CgroupTree tree, LinuxCapabilities capabilities) {
        this.tree = tree;
        this.capabilities = capabilities;
    }

    @Override
    public Confinement confine(String unitId, ResourceLimits limits) {
        Set<LimitKind> unsupported = EnumSet.noneOf(LimitKind.class);
        for (LimitKind kind : limits.requested()) {
            if (!capabilities.enforceable().contains(kind)) {
                unsupported.add(kind);
            }
        }
        if (!unsupported.isEmpty()) {
            String names = unsupported.stream().map(LimitKind::configKey).collect(Collectors.joining(", "));
            throw new UnsupportedCapabilityException("limit " + names, capabilities.platform(),
                    "unit " + unitId + " asks for " + names + ": " + unsupported.stream().map(capabilities::why)
                            .distinct().collect(Collectors.joining("; ")) + ". Remove " + names + " from the unit");
        }
        UnitCgroup cgroup = null;
        if (tree != null) {
            try {
                cgroup = tree.create(unitId, limits);
            } catch (ControllerUnavailableException e) {
                if (e.controller() != null) {
                    throw new UnsupportedCapabilityException("limit " + limitsOf(e.controller(), limits),
                            capabilities.platform(), e.getMessage());
                }
                LOG.warn("unit {}: runs without a cgroup of its own ({}); stopping it reaches its process group and "
                        + "the descendants linked to it only", unitId, e.getMessage());
            } catch (CgroupException e) {
                throw new CgroupException("unit " + unitId + ": cannot make its cgroup: " + e.getMessage()
                        + "; check the cgroup file system's permissions and limits (cgroup.max.descendants)", e);
            }
        }
        List<PreExecStep> steps = new ArrayList<>(4);
        if (cgroup != null) {
            for (UnitCgroup.Dir dir : cgroup.dirs()) {
                steps.add(new JoinCgroup(dir));
            }
        }
        if (limits.maxOpenFiles() != null) {
            steps.add(new SetRlimit(Rlimit.NOFILE, limits.maxOpenFiles()));
        }
        if (limits.maxProcesses() != null && (cgroup == null || cgroup.dirFor(Controller.PIDS).isEmpty())) {
            steps.add(new SetRlimit(Rlimit.NPROC, limits.maxProcesses()));
        }
        return new LinuxConfinement(unitId, limits, steps, cgroup);
    }

    /**
     * Kills what is left in the unit's cgroup and has it removed in the background (see
     * {@link CgroupTree#release}). Logs once if the pids limit refused forks during the run, since an
     * exit code does not say so. Idempotent.
     */
    @Override
    public void release(Confinement confinement) {
        if (!(confinement instanceof LinuxConfinement linux) || linux.cgroup() == null || tree == null) {
            return;
        }
        UnitCgroup cgroup = linux.cgroup();
        if (tree.isLive(cgroup) && linux.limits().maxProcesses() != null) {
            long refused = cgroup.pidsRefused();
            if (refused > 0) {
                LOG.warn("unit {}: max_processes {} was reached: the kernel refused {} fork{} (pids.max)",
                        linux.unitId(), linux.limits().maxProcesses(), refused, refused == 1 ? "" : "s");
            }
        }
        tree.release(cgroup);
    }

    /**
     * An OOM kill in the unit's cgroup ({@code oom_kill} in v2 memory.events / v1
     * memory.oom_control, counted since the cgroup was made for this run), or forks refused by
     * {@code pids.max}.
     */
    @Override
    public Optional<LimitViolation> explainExit(Confinement confinement, ExitStatus status) {
        if (!(confinement instanceof LinuxConfinement linux) || linux.cgroup() == null) {
            return Optional.empty();
        }
        UnitCgroup cgroup = linux.cgroup();
        ResourceLimits limits = linux.limits();
        if ((limits.memory() != null || limits.memorySwap() != null) && cgroup.oomKills() > 0) {
            boolean memory = limits.memory() != null;
            long limit = memory ? limits.memory() : limits.memorySwap();
            String what = "OOM (" + (memory ? "memory" : "memory_swap") + " limit " + Sizes.format(limit) + ")";
            if (!(status instanceof ExitStatus.Killed k && k.signalNumber() == LinuxSignals.SIGKILL)) {
                what = what + ": the kernel killed a process of the unit; the main process then ended with " + status;
            }
            return Optional.of(new LimitViolation(memory ? LimitKind.MEMORY : LimitKind.MEMORY_SWAP, limit, what));
        }
        if (limits.maxProcesses() != null) {
            long refused = cgroup.pidsRefused();
            if (refused > 0) {
                return Optional.of(new LimitViolation(LimitKind.MAX_PROCESSES, limits.maxProcesses(),
                        "process limit reached (max_processes " + limits.maxProcesses() + ": " + refused + " fork"
                                + (refused == 1 ? "" : "s") + " refused); the main process ended with " + status));
            }
        }
        return Optional.empty();
    }

    /** The requested limits that {@code controller} enforces, e.g. {@code memory, memory_swap}. */
    private static String limitsOf(Controller controller, ResourceLimits limits) {
        Set<LimitKind> kinds = switch (controller) {
            case CPU, CPUACCT -> EnumSet.of(LimitKind.CPU, LimitKind.CPU_SHARES);
            case MEMORY -> EnumSet.of(LimitKind.MEMORY, LimitKind.MEMORY_SWAP);
            case PIDS -> EnumSet.of(LimitKind.MAX_PROCESSES);
            case IO -> EnumSet.of(LimitKind.IO_WEIGHT, LimitKind.IO_READ_BPS, LimitKind.IO_WRITE_BPS);
            case FREEZER -> EnumSet.noneOf(LimitKind.class);
        };
        kinds.retainAll(limits.requested());
        return kinds.stream().map(LimitKind::configKey).collect(Collectors.joining(", "));
    }
}

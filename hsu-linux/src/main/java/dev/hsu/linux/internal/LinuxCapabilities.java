package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.BlockScheduler;
import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.linux.internal.cgroup.Controller;
import dev.hsu.linux.internal.cgroup.IoFeatures;
import dev.hsu.spi.LaunchFeature;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.Signal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the Linux adapter can do on this host, derived from the cgroup detection: which limits the
 * kernel will enforce, why the others cannot be, and whether a stop reaches every descendant.
 *
 * <p>Notes (shown by {@code hsu validate}): the first says what cgroups the host has and where the
 * units' cgroups go; then one per limit that cannot be enforced, starting with its config key
 * (the core's validation quotes it as the reason); then how the enforced ones work.
 *
 * @param platform the platform name used in {@link dev.hsu.spi.UnsupportedCapabilityException}s
 * @param enforceable the limits the kernel enforces here
 * @param reasons for each other limit, why not and what to do
 * @param treeKill whether every unit gets a cgroup (so a stop reaches every descendant)
 * @param notes the lines described above
 */
record LinuxCapabilities(String platform, Set<LimitKind> enforceable, Map<LimitKind, String> reasons,
        boolean treeKill, List<String> notes) {

    LinuxCapabilities {
        enforceable = enforceable.isEmpty() ? Set.of() : Set.copyOf(enforceable);
        reasons = Map.copyOf(reasons);
        notes = List.copyOf(notes);
    }

    static final LinuxCapabilities UNAVAILABLE = new LinuxCapabilities("linux", Set.of(), Map.of(), false,
            List.of("the Linux adapter is not available on this host"));

    PlatformCapabilities toSpi() {
        return toSpi(IdentitySwitch.system());
    }

    /**
     * @param identity whether units can run as other users here; when they cannot, a note
     *     {@code user: <why>} is added (validation quotes it)
     */
    PlatformCapabilities toSpi(IdentitySwitch identity) {
        if (this == UNAVAILABLE) {
            return new PlatformCapabilities(enforceable, Set.of(), treeKill, notes);
        }
        Set<LaunchFeature> features = EnumSet.of(LaunchFeature.UMASK);
        List<String> all = new ArrayList<>(notes);
        if (identity.available()) {
            features.add(LaunchFeature.SWITCH_USER);
        } else {
            all.add(LaunchFeature.SWITCH_USER.configKey() + ": " + identity.unavailable());
        }
        return new PlatformCapabilities(enforceable, EnumSet.allOf(Signal.class), treeKill, all, features);
    }

    /** Why {@code kind} is not enforceable (a sentence with the fix). */
    String why(LimitKind kind) {
        return reasons.getOrDefault(kind, kind.configKey() + " is not enforced by the Linux adapter");
    }

    static LinuxCapabilities of(CgroupHost host) {
        Set<LimitKind> enforceable = EnumSet.of(LimitKind.MAX_OPEN_FILES, LimitKind.MAX_PROCESSES);
        Map<LimitKind, String> reasons = new EnumMap<>(LimitKind.class);
        Set<Controller> usable = host.usable() ? host.usableControllers() : Set.of();
        String firstProblem = host.problems().isEmpty() ? null : host.problems().get(0);
        String hint = host.problems().contains(dev.hsu.linux.internal.cgroup.CgroupDetector.DELEGATION_HINT)
                ? "; run HSU as root or in a cgroup of its own delegated to it (systemd Delegate=yes)" : "";
        String noCgroups = host.usable() ? null : "HSU cannot create cgroups here ("
                + (firstProblem == null ? host.layout().toString() : firstProblem) + ")" + hint;
        String missing = firstProblem == null ? "" : " (" + firstProblem + ")" + hint;

        limit(enforceable, reasons, usable, noCgroups, missing, Controller.CPU, LimitKind.CPU, LimitKind.CPU_SHARES);
        limit(enforceable, reasons, usable, noCgroups, missing, Controller.MEMORY, LimitKind.MEMORY);
        if (enforceable.contains(LimitKind.MEMORY)) {
            if (host.memorySwap()) {
                enforceable.add(LimitKind.MEMORY_SWAP);
            } else {
                reasons.put(LimitKind.MEMORY_SWAP, "the kernel does not account swap in memory cgroups here"
                        + (host.hierarchyFor(Controller.MEMORY).map(h -> h.version().name()).orElse("").equals("V1")
                                ? " (no memory.memsw.limit_in_bytes: boot with swapaccount=1)" : " (no memory.swap.max)"));
            }
        } else {
            reasons.put(LimitKind.MEMORY_SWAP, reasons.get(LimitKind.MEMORY));
        }
        io(enforceable, reasons, usable, noCgroups, missing, host.io());

        String platform = "linux (" + host.layout() + (host.usable() ? "" : ", no cgroups usable") + ")";
        List<String> notes = new ArrayList<>();
        notes.add("cgroups: " + host.summary());
        for (LimitKind kind : LimitKind.values()) {
            if (!enforceable.contains(kind)) {
                notes.add(kind.configKey() + ": " + reasons.get(kind));
            }
        }
        notes.add(usable.contains(Controller.PIDS)
                ? "max_processes: pids.max of the unit's cgroup (processes and threads of the unit)"
                : "max_processes: RLIMIT_NPROC, since no pids controller is usable: it counts every process and "
                        + "thread of the unit's user, not of the unit alone, and the kernel does not apply it to root");
        notes.add("max_open_files: RLIMIT_NOFILE, per process of the unit (soft and hard)");
        if (enforceable.contains(LimitKind.IO_READ_BPS)) {
            notes.add("io_read_bps, io_write_bps" + (enforceable.contains(LimitKind.IO_WEIGHT) ? ", io_weight" : "")
                    + ": applied to the disk holding the unit's working directory (for a partition: its whole disk); "
                    + "a unit whose working directory has no disk of its own (tmpfs, overlayfs, NFS) fails to start");
        }
        notes.add(host.usable()
                ? "tree kill: every unit runs in a cgroup of its own, so a stop reaches every descendant, double-forked "
                        + "daemons included"
                : "tree kill reaches the unit's process group and the descendants still linked to it by parent; "
                        + "a daemon that left the group and lost its parent escapes (cgroups would close this)");
        return new LinuxCapabilities(platform, enforceable, reasons, host.usable(), notes);
    }

    private static void limit(Set<LimitKind> enforceable, Map<LimitKind, String> reasons, Set<Controller> usable,
            String noCgroups, String missing, Controller controller, LimitKind... kinds) {
        for (LimitKind kind : kinds) {
            if (usable.contains(controller)) {
                enforceable.add(kind);
            } else {
                reasons.put(kind, noCgroups != null ? noCgroups : "no cgroup " + controller.name().toLowerCase(
                        java.util.Locale.ROOT) + " controller is usable here" + missing);
            }
        }
    }

    private static void io(Set<LimitKind> enforceable, Map<LimitKind, String> reasons, Set<Controller> usable,
            String noCgroups, String missing, IoFeatures io) {
        if (!usable.contains(Controller.IO)) {
            String why = noCgroups != null ? noCgroups : "no cgroup io (v1 blkio) controller is usable here" + missing;
            for (LimitKind k : List.of(LimitKind.IO_WEIGHT, LimitKind.IO_READ_BPS, LimitKind.IO_WRITE_BPS)) {
                reasons.put(k, why);
            }
            return;
        }
        if (io.throttle()) {
            enforceable.add(LimitKind.IO_READ_BPS);
            enforceable.add(LimitKind.IO_WRITE_BPS);
        } else {
            String why = "the kernel has no block I/O throttling (CONFIG_BLK_DEV_THROTTLING)";
            reasons.put(LimitKind.IO_READ_BPS, why);
            reasons.put(LimitKind.IO_WRITE_BPS, why);
        }
        if (io.weightActsSomewhere()) {
            enforceable.add(LimitKind.IO_WEIGHT);
        } else if (io.weightFiles().isEmpty()) {
            reasons.put(LimitKind.IO_WEIGHT, "the kernel offers no I/O weight in cgroups (neither BFQ nor blk-iocost)");
        } else if (io.devices().isEmpty()) {
            reasons.put(LimitKind.IO_WEIGHT, "this host has no block device");
        } else {
            List<BlockScheduler> disks = io.devices().stream().filter(d -> !d.device().matches("(loop|ram|zram)\\d+"))
                    .toList();
            List<BlockScheduler> shown = disks.isEmpty() ? io.devices() : disks;
            String devices = shown.stream().map(d -> d.device() + ": " + d.scheduler())
                    .collect(Collectors.joining(", "));
            BlockScheduler first = shown.get(0);
            reasons.put(LimitKind.IO_WEIGHT, "no block device uses an I/O scheduler that honours weights (" + devices
                    + "); select bfq, e.g. echo bfq > /sys/block/" + first.device() + "/queue/scheduler");
        }
    }
}

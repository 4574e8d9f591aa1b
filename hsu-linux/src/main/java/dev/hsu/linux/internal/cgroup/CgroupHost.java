package dev.hsu.linux.internal.cgroup;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the host offers HSU, as {@link CgroupDetector} found it: the hierarchies, which controllers
 * HSU may use for its units, and why the others cannot be used.
 *
 * @param layout v2, v1, hybrid or none
 * @param unified the v2 hierarchy, if mounted and the master's cgroup in it is visible
 * @param legacy the v1 hierarchies of controllers HSU knows, each once
 * @param v2Controllers the controllers HSU can enable for unit cgroups in v2 (empty in a typical hybrid)
 * @param v2MoveToLeaf true when the master's v2 cgroup is not the root and controllers are to be
 *     enabled below it: the master first moves into a leaf of its own (no-internal-processes rule)
 * @param memorySwap whether memory+swap can be limited
 * @param io the I/O controller's abilities (throttling, weights and schedulers)
 * @param uid the master's user id
 * @param problems one sentence per thing that cannot be used, with what to do about it
 */
public record CgroupHost(CgroupLayout layout, Optional<Hierarchy> unified, List<Hierarchy> legacy,
        Set<Controller> v2Controllers, boolean v2MoveToLeaf, boolean memorySwap, IoFeatures io, int uid,
        List<String> problems) {

    public CgroupHost {
        legacy = List.copyOf(legacy);
        v2Controllers = v2Controllers.isEmpty() ? Set.of() : Set.copyOf(v2Controllers);
        problems = List.copyOf(problems);
    }

    /** A host without cgroups (or where detection was turned off), with the reason. */
    public static CgroupHost none(String why) {
        return new CgroupHost(CgroupLayout.NONE, Optional.empty(), List.of(), Set.of(), false, false, IoFeatures.NONE,
                -1, List.of(why));
    }

    /**
     * This host as if it had no v2 hierarchy: v1 only, tracking in the freezer. For hosts where
     * the v2 hierarchy must be left alone, and to exercise the v1 paths on a hybrid host.
     */
    public CgroupHost withoutUnified() {
        return new CgroupHost(legacy.isEmpty() ? CgroupLayout.NONE : CgroupLayout.LEGACY, Optional.empty(), legacy,
                Set.of(), false, memorySwap, io, uid, problems);
    }

    /** The hierarchy that gives {@code controller} to HSU's unit cgroups, if any may be used. */
    public Optional<Hierarchy> hierarchyFor(Controller controller) {
        if (unified.isPresent() && unified.get().writable() && v2Controllers.contains(controller)) {
            return unified;
        }
        return legacy.stream().filter(h -> h.writable() && h.controllers().contains(controller)).findFirst();
    }

    /**
     * The hierarchy every unit cgroup lives in, which answers "which processes belong to the unit"
     * and serves the tree kill: v2 (cgroup.kill or freeze, and CPU time without a controller) if
     * writable and it gives HSU a controller, else the v1 freezer, else a writable v2 without
     * controllers, else any writable v1 hierarchy.
     *
     * <p>Why a hybrid whose v2 mount has no controllers (systemd's {@code unified}) tracks in the
     * v1 freezer: joining a v2 cgroup means writing a pid to {@code cgroup.procs}, which takes the
     * kernel's global {@code cgroup_threadgroup_rwsem} for writing; the first such write after an
     * idle spell waits for an RCU grace period (5 to 11 ms measured here, on every restart that
     * follows a quiet second). A v1 join writes {@code 0} to {@code tasks} (the writing thread
     * only, the trampoline shell being single-threaded), which the kernel does without that lock
     * (0.02 to 0.3 ms). The freezer gives the same whole-tree kill (freeze, kill, thaw).
     */
    public Optional<Hierarchy> tracking() {
        boolean v2Writable = unified.isPresent() && unified.get().writable();
        if (v2Writable && !v2Controllers.isEmpty()) {
            return unified;
        }
        Optional<Hierarchy> freezer = hierarchyFor(Controller.FREEZER);
        if (freezer.isPresent()) {
            return freezer;
        }
        if (v2Writable) {
            return unified;
        }
        return legacy.stream().filter(Hierarchy::writable).findFirst();
    }

    /** Whether HSU can give units cgroups of their own at all. */
    public boolean usable() {
        return tracking().isPresent();
    }

    /**
     * The hierarchies unit cgroups go into: the tracking one, those of the cpu, memory, pids and
     * io controllers, and (tracking in v1) cpuacct for CPU time. Empty if none is usable.
     */
    public List<Hierarchy> usedHierarchies() {
        Optional<Hierarchy> tracking = tracking();
        if (tracking.isEmpty()) {
            return List.of();
        }
        Set<Hierarchy> used = new java.util.LinkedHashSet<>();
        used.add(tracking.get());
        for (Controller c : EnumSet.of(Controller.CPU, Controller.MEMORY, Controller.PIDS, Controller.IO)) {
            hierarchyFor(c).ifPresent(used::add);
        }
        if (tracking.get().version() == CgroupVersion.V1) {
            hierarchyFor(Controller.CPUACCT).ifPresent(used::add);
        }
        return List.copyOf(used);
    }

    /** The controllers HSU can use, wherever they live. */
    public Set<Controller> usableControllers() {
        Set<Controller> usable = EnumSet.noneOf(Controller.class);
        for (Controller c : Controller.values()) {
            if (hierarchyFor(c).isPresent()) {
                usable.add(c);
            }
        }
        return usable;
    }

    /**
     * One line for the log and {@code hsu validate}, e.g. {@code cgroup v1+v2 hybrid; units get
     * cgroups in v2 at /sys/fs/cgroup/unified (no controllers), memory at ..., ...}.
     */
    public String summary() {
        if (!usable()) {
            return layout + "; units get no cgroups" + (problems.isEmpty() ? "" : ": " + String.join("; ", problems));
        }
        List<String> parts = new ArrayList<>();
        for (Hierarchy h : usedHierarchies()) {
            String where = h.version() == CgroupVersion.V2
                    ? "v2 at " + h.mountPoint() + (v2Controllers.isEmpty() ? " (no controllers)"
                            : " (" + names(v2Controllers, CgroupVersion.V2) + ")")
                    : h.describe();
            parts.add(where + (h.ownIsRoot() ? "" : " below " + h.ownPath()));
        }
        return layout + " (uid " + uid + "); units get cgroups in " + String.join(", ", parts);
    }

    static String names(Set<Controller> controllers, CgroupVersion version) {
        List<String> names = new ArrayList<>();
        for (Controller c : Controller.values()) {
            if (controllers.contains(c) && c.name(version) != null) {
                names.add(c.name(version));
            }
        }
        return String.join(" ", names);
    }
}

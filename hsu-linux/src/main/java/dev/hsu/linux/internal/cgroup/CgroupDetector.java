package dev.hsu.linux.internal.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds out what cgroups the host offers, from {@code mountinfo}, the master's {@code cgroup}
 * file and the cgroup file systems themselves. Reads only: nothing is created or moved (that is
 * {@link CgroupTree}'s job, at the master's start), so {@code hsu validate} can run it freely.
 *
 * <p>What decides "HSU may create cgroups here": the master's own cgroup directory in a hierarchy
 * is writable (root, or a subtree delegated to the master's user, e.g. by systemd's
 * {@code Delegate=yes}). In v2, controllers can be handed to children of a non-root cgroup only if
 * that cgroup holds no process (no-internal-processes rule): HSU then moves itself into a leaf,
 * which is possible only when it is alone in its cgroup and may write its {@code cgroup.procs}
 * and {@code cgroup.subtree_control}.
 *
 * <p>Paths: {@code mountinfo} and {@code selfCgroup} are files; the mount points they name are
 * resolved under {@code root} ({@code /} in production, a fixture tree in tests), as is
 * {@code sys/block}.
 *
 * <p>Thread-safety: stateless apart from its parameters.
 */
public final class CgroupDetector {

    /** The controllers HSU enables for unit cgroups in v2. */
    static final Set<Controller> V2_WANTED = EnumSet.of(Controller.CPU, Controller.MEMORY, Controller.PIDS,
            Controller.IO);

    /** The last of the problems whenever permissions are what is missing. */
    public static final String DELEGATION_HINT = "to let HSU create cgroups, run it as root or as a user with a cgroup "
            + "of its own delegated to it: a systemd service with Delegate=yes, or 'systemd-run [--user] --scope "
            + "-p Delegate=yes hsu run FILE'";

    private final Path mountinfo;
    private final Path selfCgroup;
    private final Path root;
    private final HostAccess access;

    public CgroupDetector(Path mountinfo, Path selfCgroup, Path root, HostAccess access) {
        this.mountinfo = mountinfo;
        this.selfCgroup = selfCgroup;
        this.root = root;
        this.access = access;
    }

    /** The running JVM on this host. */
    public static CgroupDetector system() {
        return new CgroupDetector(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"), Path.of("/"),
                HostAccess.system());
    }

    public CgroupHost detect() {
        Optional<String> mountText = CgroupFs.read(mountinfo);
        Optional<String> cgroupText = CgroupFs.read(selfCgroup);
        if (mountText.isEmpty() || cgroupText.isEmpty()) {
            return CgroupHost.none("cannot read " + (mountText.isEmpty() ? mountinfo : selfCgroup)
                    + "; is /proc mounted?");
        }
        List<MountInfo.Mount> mounts = MountInfo.parse(mountText.get());
        List<Membership> memberships = Membership.parse(cgroupText.get());
        List<String> problems = new ArrayList<>();

        Optional<Hierarchy> unified = unified(mounts, memberships, problems);
        List<Hierarchy> legacy = legacy(mounts, memberships, problems);
        CgroupLayout layout = unified.isPresent()
                ? (legacy.isEmpty() ? CgroupLayout.UNIFIED : CgroupLayout.HYBRID)
                : (legacy.isEmpty() ? CgroupLayout.NONE : CgroupLayout.LEGACY);
        boolean denied = unified.map(h -> !h.writable()).orElse(false) || legacy.stream().anyMatch(h -> !h.writable());
        if (layout == CgroupLayout.NONE && problems.isEmpty()) {
            problems.add("no cgroup file system is mounted (no cgroup or cgroup2 entry in " + mountinfo + ")");
        }

        Set<Controller> v2Controllers = EnumSet.noneOf(Controller.class);
        boolean moveToLeaf = false;
        boolean moveToLeafBlocked = false;
        if (unified.isPresent() && unified.get().writable()) {
            Hierarchy v2 = unified.get();
            Set<Controller> wanted = EnumSet.noneOf(Controller.class);
            wanted.addAll(v2.controllers());
            wanted.retainAll(V2_WANTED);
            if (!wanted.isEmpty()) {
                if (v2.ownIsRoot()) {
                    v2Controllers.addAll(wanted);
                } else {
                    Optional<String> blocker = leafBlocker(v2);
                    if (blocker.isEmpty()) {
                        v2Controllers.addAll(wanted);
                        moveToLeaf = true;
                    } else {
                        problems.add("cgroup v2: controllers " + CgroupHost.names(wanted, CgroupVersion.V2)
                                + " cannot be handed to unit cgroups: " + blocker.get());
                        moveToLeafBlocked = true;
                    }
                }
            }
        }
        if (denied || moveToLeafBlocked) {
            problems.add(DELEGATION_HINT);
        }
        CgroupHost partial = new CgroupHost(layout, unified, legacy, v2Controllers, moveToLeaf, false,
                IoFeatures.NONE, access.uid(), problems);
        boolean swap = memorySwap(partial);
        IoFeatures io = io(partial);
        return new CgroupHost(layout, unified, legacy, v2Controllers, moveToLeaf, swap, io, access.uid(), problems);
    }

    private Optional<Hierarchy> unified(List<MountInfo.Mount> mounts, List<Membership> memberships,
            List<String> problems) {
        Optional<Membership> own = memberships.stream().filter(Membership::isUnified).findFirst();
        if (own.isEmpty()) {
            return Optional.empty();
        }
        for (MountInfo.Mount m : mounts) {
            if (!m.fsType().equals("cgroup2")) {
                continue;
            }
            Optional<String> path = visible(m.root(), own.get().path());
            if (path.isEmpty()) {
                problems.add("cgroup v2 at " + m.mountPoint() + " shows " + m.root() + ", which does not contain the "
                        + "master's cgroup " + own.get().path());
                continue;
            }
            Path mountPoint = under(m.mountPoint());
            Hierarchy probe = new Hierarchy(CgroupVersion.V2, mountPoint, Set.of(), path.get(), false);
            Set<Controller> controllers = EnumSet.noneOf(Controller.class);
            CgroupFs.read(probe.ownDir().resolve("cgroup.controllers")).ifPresent(text -> {
                for (String name : text.trim().split("\\s+")) {
                    Controller.ofV2(name).ifPresent(controllers::add);
                }
            });
            boolean writable = writableCgroup(probe.ownDir());
            if (!writable) {
                problems.add("cgroup v2: the master's cgroup " + probe.ownDir() + " is not writable by uid "
                        + access.uid());
            }
            return Optional.of(new Hierarchy(CgroupVersion.V2, mountPoint, controllers, path.get(), writable));
        }
        return Optional.empty();
    }

    private List<Hierarchy> legacy(List<MountInfo.Mount> mounts, List<Membership> memberships,
            List<String> problems) {
        List<Hierarchy> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (MountInfo.Mount m : mounts) {
            if (!m.fsType().equals("cgroup")) {
                continue;
            }
            Set<Controller> controllers = EnumSet.noneOf(Controller.class);
            for (String option : m.superOptions()) {
                Controller.ofV1(option).ifPresent(controllers::add);
            }
            if (controllers.isEmpty()) {
                continue; // name=systemd, cpuset, devices, net_cls...: not HSU's
            }
            Optional<Membership> own = memberships.stream()
                    .filter(ms -> !ms.isUnified() && controllers.stream().anyMatch(c -> ms.controllers().contains(c.v1Name())))
                    .findFirst();
            if (own.isEmpty() || !seen.add(own.get().hierarchyId())) {
                continue; // not listed for this process, or a second mount of a hierarchy already seen
            }
            Optional<String> path = visible(m.root(), own.get().path());
            if (path.isEmpty()) {
                continue;
            }
            Hierarchy probe = new Hierarchy(CgroupVersion.V1, under(m.mountPoint()), controllers, path.get(), false);
            boolean writable = writableCgroup(probe.ownDir());
            out.add(new Hierarchy(CgroupVersion.V1, probe.mountPoint(), controllers, path.get(), writable));
        }
        List<Hierarchy> unwritable = out.stream().filter(h -> !h.writable()).toList();
        if (!unwritable.isEmpty()) {
            problems.add("cgroup v1 " + unwritable.stream().map(h -> h.describe().substring(0, h.describe().indexOf(" at ")))
                    .reduce((a, b) -> a + ", " + b).orElse("") + ": the master's cgroup" + (unwritable.size() == 1 ? " "
                    : "s (e.g. ") + unwritable.get(0).ownDir() + (unwritable.size() == 1 ? " is" : ") are") + " not writable by uid "
                    + access.uid());
        }
        return out;
    }

    /** Why the master cannot leave its (non-root) v2 cgroup for a leaf; empty if it can. */
    private Optional<String> leafBlocker(Hierarchy v2) {
        Path own = v2.ownDir();
        if (!access.writable(own.resolve("cgroup.subtree_control")) || !access.writable(own.resolve("cgroup.procs"))) {
            return Optional.of("the master's cgroup " + own + " does not let uid " + access.uid()
                    + " write cgroup.procs and cgroup.subtree_control");
        }
        List<Integer> procs = CgroupFs.readIds(own.resolve("cgroup.procs"));
        List<Integer> others = procs.stream().filter(pid -> pid != access.pid()).toList();
        if (!others.isEmpty()) {
            return Optional.of("the master's cgroup " + own + " also holds other processes (" + preview(others)
                    + "), and a v2 cgroup with processes cannot hand controllers to child cgroups");
        }
        return Optional.empty();
    }

    private boolean memorySwap(CgroupHost host) {
        Optional<Hierarchy> memory = host.hierarchyFor(Controller.MEMORY);
        if (memory.isEmpty()) {
            return false;
        }
        if (memory.get().version() == CgroupVersion.V1) {
            return Files.exists(memory.get().ownDir().resolve("memory.memsw.limit_in_bytes"));
        }
        return probeDirV2(memory.get(), "memory.current").map(d -> Files.exists(d.resolve("memory.swap.max")))
                .orElse(true);
    }

    private IoFeatures io(CgroupHost host) {
        Optional<Hierarchy> io = host.hierarchyFor(Controller.IO);
        if (io.isEmpty()) {
            return IoFeatures.NONE;
        }
        Hierarchy h = io.get();
        List<BlockScheduler> devices = schedulers();
        List<String> weightFiles = new ArrayList<>();
        boolean throttle;
        List<String> iocost = new ArrayList<>();
        if (h.version() == CgroupVersion.V1) {
            throttle = Files.exists(h.ownDir().resolve("blkio.throttle.read_bps_device"));
            // The weight files appear in non-root cgroups only: look at one (any child has them).
            Optional<Path> probe = h.ownIsRoot() ? probeDirV1(h) : Optional.of(h.ownDir());
            for (String f : List.of("blkio.bfq.weight", "blkio.weight")) {
                if (probe.map(d -> Files.exists(d.resolve(f))).orElse(assumedWeightFile(f, devices))) {
                    weightFiles.add(f);
                }
            }
        } else {
            Optional<Path> probe = probeDirV2(h, "io.stat");
            throttle = probe.map(d -> Files.exists(d.resolve("io.max"))).orElse(true);
            for (String f : List.of("io.weight", "io.bfq.weight")) {
                if (probe.map(d -> Files.exists(d.resolve(f))).orElse(assumedWeightFile(f, devices))) {
                    weightFiles.add(f);
                }
            }
            CgroupFs.read(h.mountPoint().resolve("io.cost.qos")).ifPresent(text -> {
                for (String line : text.split("\n")) {
                    if (line.contains("enable=1")) {
                        iocost.add(line.substring(0, line.indexOf(' ')));
                    }
                }
            });
        }
        return new IoFeatures(throttle, weightFiles, devices, iocost);
    }

    /** Without a cgroup to look at: BFQ's weight file exists when some device runs BFQ. */
    private static boolean assumedWeightFile(String file, List<BlockScheduler> devices) {
        return file.contains("bfq") && devices.stream().anyMatch(d -> d.scheduler().equals("bfq"));
    }

    /**
     * A non-root v2 cgroup that has the controller of {@code marker} (e.g. {@code memory.current}):
     * the master's own if not the root, else any child of the root that has it. Files that only
     * non-root cgroups have are looked for there. Empty if there is none to look at.
     */
    private static Optional<Path> probeDirV2(Hierarchy h, String marker) {
        if (!h.ownIsRoot()) {
            return Optional.of(h.ownDir());
        }
        return CgroupFs.childDirs(h.ownDir()).stream().filter(d -> Files.exists(d.resolve(marker))).findFirst();
    }

    private static Optional<Path> probeDirV1(Hierarchy h) {
        return CgroupFs.childDirs(h.ownDir()).stream().findFirst();
    }

    private List<BlockScheduler> schedulers() {
        List<BlockScheduler> out = new ArrayList<>();
        // The entries are symbolic links to the devices' directories; childDirs follows them.
        for (Path dev : CgroupFs.childDirs(root.resolve("sys/block"))) {
            CgroupFs.read(dev.resolve("queue/scheduler")).ifPresent(text ->
                    out.add(new BlockScheduler(dev.getFileName().toString(), BlockScheduler.active(text))));
        }
        out.sort(java.util.Comparator.comparing(BlockScheduler::device));
        return out;
    }

    private boolean writableCgroup(Path dir) {
        return Files.isDirectory(dir) && access.writable(dir);
    }

    /** The master's cgroup relative to a mount that shows {@code mountRoot}; empty if outside it. */
    static Optional<String> visible(String mountRoot, String path) {
        if (mountRoot.equals("/")) {
            return Optional.of(path);
        }
        if (path.equals(mountRoot)) {
            return Optional.of("/");
        }
        if (path.startsWith(mountRoot + "/")) {
            return Optional.of(path.substring(mountRoot.length()));
        }
        return Optional.empty();
    }

    private Path under(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    private static String preview(List<Integer> pids) {
        List<Integer> few = pids.subList(0, Math.min(5, pids.size()));
        return "pid" + (pids.size() == 1 ? " " : "s ") + few.stream().map(String::valueOf)
                .reduce((a, b) -> a + ", " + b).orElse("") + (pids.size() > 5 ? ", ..." : "");
    }
}

package dev.hsu.linux.internal.cgroup;

import dev.hsu.spi.ResourceLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The cgroup of one run of a unit: one directory per hierarchy it lives in, the tracking
 * hierarchy's first (see {@link CgroupHost#tracking()}). Made by {@link CgroupTree#create}, joined
 * by the unit's exec trampoline (tracking first), removed by {@link CgroupTree#release}.
 *
 * <p>Thread-safety: immutable apart from the cgroup files themselves; safe from any thread.
 */
public final class UnitCgroup {

    /** How long a tree kill waits for a freeze to complete, or for members to vanish. */
    static final long KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    /**
     * One directory of the unit: {@code path} is {@code parent/name}, {@code cgroupPath} is
     * {@code cgroupParent + name}.
     *
     * <p>Why not a record of the two paths: a unit has a directory in up to six hierarchies and,
     * once its restart is prepared, two runs' worth of them, so full paths (a {@code Path}, its
     * string form and the hierarchy path, each ~100 bytes) were half of a unit's heap. The parent
     * path and prefix are shared by every unit of the hierarchy, the name by the unit's
     * directories; the full forms are made when asked for, which is on a spawn, a stop or a
     * reading of the unit's usage, not while it idles.
     */
    public static final class Dir {
        private final Hierarchy hierarchy;
        private final Set<Controller> controllers;
        private final Path parent;
        private final String cgroupParent;
        private final String name;

        private Dir(Hierarchy hierarchy, Set<Controller> controllers, Path parent, String cgroupParent, String name) {
            this.hierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
            this.controllers = Set.copyOf(controllers);
            this.parent = parent;
            this.cgroupParent = cgroupParent;
            this.name = name;
        }

        /**
         * @param parent the directory it is made in (shared)
         * @param cgroupParent {@code parent}'s path inside the hierarchy, with a trailing slash (shared)
         * @param name its own name
         */
        static Dir in(Hierarchy hierarchy, Set<Controller> controllers, Path parent, String cgroupParent, String name) {
            return new Dir(hierarchy, controllers, parent, cgroupParent, name);
        }

        /**
         * @param path the directory
         * @param cgroupPath its path inside the hierarchy, as {@code /proc/<pid>/cgroup} shows it
         */
        static Dir at(Hierarchy hierarchy, Set<Controller> controllers, Path path, String cgroupPath) {
            Path parent = path.getParent();
            Path file = path.getFileName();
            String name = file == null ? "" : file.toString();
            if (parent == null || name.isEmpty() || !cgroupPath.endsWith("/" + name)) {
                return new Dir(hierarchy, controllers, path, cgroupPath, "");
            }
            return new Dir(hierarchy, controllers, parent, cgroupPath.substring(0, cgroupPath.length() - name.length()),
                    name);
        }

        /** Where it is. */
        public Hierarchy hierarchy() {
            return hierarchy;
        }

        /** The controllers it provides to the unit. */
        public Set<Controller> controllers() {
            return controllers;
        }

        /** The directory (a new {@code Path} on each call). */
        public Path path() {
            return name.isEmpty() ? parent : parent.resolve(name);
        }

        /** Its path inside the hierarchy, as {@code /proc/<pid>/cgroup} shows it. */
        public String cgroupPath() {
            return cgroupParent + name;
        }

        public boolean isV2() {
            return hierarchy.version() == CgroupVersion.V2;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Dir d && hierarchy.equals(d.hierarchy) && controllers.equals(d.controllers)
                    && path().equals(d.path()) && cgroupPath().equals(d.cgroupPath());
        }

        @Override
        public int hashCode() {
            return Objects.hash(hierarchy, controllers, path(), cgroupPath());
        }

        @Override
        public String toString() {
            return "Dir[" + path() + ", " + cgroupPath() + ", " + controllers + "]";
        }
    }

    private final String unitId;
    private final String name;
    private final ResourceLimits limits;
    private final List<Dir> dirs;
    private final KillMethod killMethod;
    private final IoFeatures io;
    private final Path procRoot;
    private final Runnable exitSeen;

    UnitCgroup(String unitId, String name, ResourceLimits limits, List<Dir> dirs, KillMethod killMethod,
            IoFeatures io, Path procRoot) {
        this(unitId, name, limits, dirs, killMethod, io, procRoot, () -> { });
    }

    /** @param exitSeen run by {@link #mainExited()} (never blocks) */
    UnitCgroup(String unitId, String name, ResourceLimits limits, List<Dir> dirs, KillMethod killMethod,
            IoFeatures io, Path procRoot, Runnable exitSeen) {
        this.exitSeen = exitSeen;
        this.unitId = unitId;
        this.name = name;
        this.limits = limits;
        this.dirs = List.copyOf(dirs);
        this.killMethod = killMethod;
        this.io = io;
        this.procRoot = procRoot;
    }

    public String unitId() {
        return unitId;
    }

    /** The directory name, the same in every hierarchy, e.g. {@code web.17}. */
    public String name() {
        return name;
    }

    public ResourceLimits limits() {
        return limits;
    }

    /** Tracking directory first. */
    public List<Dir> dirs() {
        return dirs;
    }

    public Dir tracking() {
        return dirs.get(0);
    }

    public KillMethod killMethod() {
        return killMethod;
    }

    /** The {@code cgroup.procs} files a new member writes its pid to, tracking first. */
    public List<Path> procsFiles() {
        return dirs.stream().map(d -> d.path().resolve("cgroup.procs")).toList();
    }

    public Optional<Dir> dirFor(Controller controller) {
        return dirs.stream().filter(d -> d.controllers().contains(controller)).findFirst();
    }

    /**
     * The run's main process has exited (called by the adapter's event loop as soon as it sees
     * the exit, before the reap): a restart, whose trampoline joins a cgroup, may follow at once.
     * Lets the tree prepare that join off the restart path ({@link CgroupTree#warmUpJoin()}).
     * Never blocks.
     */
    public void mainExited() {
        exitSeen.run();
    }

    /** The processes in the unit now. */
    public List<Integer> pids() {
        return CgroupFs.readIds(tracking().path().resolve("cgroup.procs"));
    }

    /** No process is left in any of the unit's directories. */
    public boolean isEmpty() {
        for (Dir d : dirs) {
            if (!CgroupFs.readIds(d.path().resolve("cgroup.procs")).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code pid} is in the unit's tracking cgroup now, per {@code /proc/<pid>/cgroup}. */
    public boolean isMember(int pid) {
        String suffix = ":" + tracking().cgroupPath();
        return CgroupFs.read(procRoot.resolve(pid + "/cgroup"))
                .map(text -> text.lines().anyMatch(line -> line.endsWith(suffix)
                        && (tracking().isV2() ? line.startsWith("0::") : !line.startsWith("0::"))))
                .orElse(false);
    }

    /**
     * Sends {@code signal} to every member (a graceful stop of the whole tree).
     *
     * @return the pids it was sent to
     */
    public Set<Integer> signalAll(int signal, PidSignaller signaller) {
        Set<Integer> sent = new LinkedHashSet<>();
        for (int pid : pids()) {
            if (signaller.signal(pid, signal, this::isMember)) {
                sent.add(pid);
            }
        }
        return sent;
    }

    /**
     * Kills every process of the unit with the tree's {@link KillMethod}. Kills of one unit are
     * serialized (a freeze of one must not meet the thaw of another).
     *
     * @return the members there were just before the kill
     */
    public synchronized Set<Integer> killAll(PidSignaller signaller) {
        Set<Integer> before = new LinkedHashSet<>(pids());
        if (before.isEmpty() && isEmpty()) {
            return before;
        }
        switch (killMethod) {
            case CGROUP_KILL -> CgroupFs.write(tracking().path().resolve("cgroup.kill"), "1");
            case V2_FREEZE -> frozenKill(signaller, tracking().path().resolve("cgroup.freeze"), "1", "0",
                    () -> CgroupFs.readKey(tracking().path().resolve("cgroup.events"), "frozen").orElse(0L) == 1);
            case V1_FREEZER -> {
                Path state = dirFor(Controller.FREEZER).orElseThrow(() -> new CgroupException(
                        "unit " + unitId + ": no freezer cgroup to kill through")).path().resolve("freezer.state");
                frozenKill(signaller, state, "FROZEN", "THAWED",
                        () -> CgroupFs.read(state).map(s -> s.trim().equals("FROZEN")).orElse(true));
            }
            case SIGNAL_LOOP -> signalLoop(signaller);
        }
        return before;
    }

    private void frozenKill(PidSignaller signaller, Path control, String freeze, String thaw,
            java.util.function.BooleanSupplier frozen) {
        CgroupFs.write(control, freeze);
        boolean complete;
        try {
            complete = waitFor(frozen);
            for (int pid : pids()) {
                signaller.signal(pid, SIGKILL, p -> true); // frozen: the pid cannot change hands
            }
        } finally {
            CgroupFs.write(control, thaw);
        }
        if (!complete) {
            // A member stuck in uninterruptible sleep kept the freeze from completing; whatever was
            // still running may have forked after the listing.
            signalLoop(signaller);
        }
    }

    private void signalLoop(PidSignaller signaller) {
        long deadline = System.nanoTime() + KILL_WAIT_NANOS;
        long pause = 20_000;
        while (true) {
            List<Integer> pids = pids();
            if (pids.isEmpty()) {
                return;
            }
            for (int pid : pids) {
                signaller.signal(pid, SIGKILL, this::isMember);
            }
            if (System.nanoTime() > deadline) {
                return;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 10_000_000);
        }
    }

    /** Waits, with short growing pauses, until {@code condition} holds or {@link #KILL_WAIT_NANOS} passed. */
    static boolean waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + KILL_WAIT_NANOS;
        long pause = 10_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 10_000_000);
        }
        return true;
    }

    /** Writes limit values into the directories of their controllers. */
    void apply(List<LimitFile> files) {
        for (LimitFile f : files) {
            Dir dir = dirFor(f.controller()).orElseThrow(() -> new CgroupException("unit " + unitId + ": no "
                    + f.controller().name().toLowerCase(java.util.Locale.ROOT) + " cgroup to write " + f.file()
                    + " in"));
            CgroupFs.write(dir.path().resolve(f.file()), f.value());
        }
    }

    /**
     * Applies the per-device I/O limits for the disk that holds the unit's working directory.
     *
     * @throws CgroupException if a limit cannot act on that disk (names it and why)
     */
    public void applyDeviceLimits(BlockDevice device) {
        Optional<Dir> ioDir = dirFor(Controller.IO);
        if (ioDir.isEmpty()) {
            return;
        }
        if (limits.ioWeight() != null) {
            boolean iocost = ioDir.get().isV2() && io.iocostDevices().contains(device.majorMinor())
                    && io.weightFiles().contains("io.weight");
            boolean bfq = device.scheduler().equals("bfq") || device.scheduler().equals("cfq");
            if (!iocost && !bfq) {
                throw new CgroupException("io_weight cannot act on " + device.describe() + ": its I/O scheduler is "
                        + device.scheduler() + ", and weights need bfq" + (ioDir.get().isV2()
                                ? " or blk-iocost (io.cost.qos)" : "") + "; select bfq (echo bfq > /sys/block/"
                        + device.name() + "/queue/scheduler) or remove io_weight");
            }
        }
        apply(LimitMapping.device(ioDir.get().hierarchy().version(), limits, device.majorMinor()));
    }

    /** OOM kills in the unit so far; -1 if there is no memory cgroup to ask. */
    public long oomKills() {
        return dirFor(Controller.MEMORY).map(d -> CgroupFs.readKey(d.path().resolve(
                d.isV2() ? "memory.events" : "memory.oom_control"), "oom_kill").orElse(-1L)).orElse(-1L);
    }

    /** Forks the pids limit refused so far; -1 if there is no pids cgroup to ask. */
    public long pidsRefused() {
        return dirFor(Controller.PIDS).map(d -> CgroupFs.readKey(d.path().resolve("pids.events"), "max")
                .orElse(-1L)).orElse(-1L);
    }

    /** Reads the accounting files. */
    public CgroupSample sample() {
        Dir t = tracking();
        long cpu = -1;
        if (t.isV2()) {
            cpu = CgroupFs.readKey(t.path().resolve("cpu.stat"), "usage_usec").map(us -> us * 1000).orElse(-1L);
        } else {
            Optional<Dir> acct = dirFor(Controller.CPUACCT);
            if (acct.isPresent()) {
                cpu = CgroupFs.readNumber(acct.get().path().resolve("cpuacct.usage")).orElse(-1L);
            }
        }
        long memory = -1;
        long peak = -1;
        Optional<Dir> mem = dirFor(Controller.MEMORY);
        if (mem.isPresent()) {
            Path m = mem.get().path();
            memory = CgroupFs.readNumber(m.resolve(mem.get().isV2() ? "memory.current" : "memory.usage_in_bytes"))
                    .orElse(-1L);
            peak = CgroupFs.readNumber(m.resolve(mem.get().isV2() ? "memory.peak" : "memory.max_usage_in_bytes"))
                    .orElse(-1L);
        }
        List<Integer> members = pids();
        Optional<Dir> pids = dirFor(Controller.PIDS);
        long threads = pids.isPresent()
                ? CgroupFs.readNumber(pids.get().path().resolve("pids.current")).orElse(-1L)
                : CgroupFs.countLines(t.path().resolve(t.isV2() ? "cgroup.threads" : "tasks"));
        long read = -1;
        long written = -1;
        Optional<Dir> ioDir = dirFor(Controller.IO);
        if (ioDir.isPresent()) {
            long[] rw = ioDir.get().isV2()
                    ? IoStat.v2(CgroupFs.read(ioDir.get().path().resolve("io.stat")).orElse(null))
                    : IoStat.v1(CgroupFs.read(ioDir.get().path().resolve("blkio.throttle.io_service_bytes_recursive"))
                            .orElse(null));
            read = rw[0];
            written = rw[1];
        }
        return new CgroupSample(cpu, memory, peak, members, threads, read, written);
    }

    /**
     * Removes the directories, tracking last (so that, if one is still busy, the unit can still be
     * killed through it).
     *
     * @return true if all are gone; false if one still holds a process
     */
    boolean remove() {
        boolean all = true;
        List<Dir> order = new ArrayList<>(dirs.subList(1, dirs.size()));
        order.add(tracking());
        for (Dir d : order) {
            all &= CgroupFs.rmdir(d.path());
        }
        return all;
    }

    @Override
    public String toString() {
        return "cgroup " + name + " of unit " + unitId;
    }

    private static final int SIGKILL = 9;
}

package dev.hsu.linux.internal.cgroup;

import dev.hsu.spi.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HSU's cgroups on this host: one parent per master instance below the master's own cgroup in
 * each hierarchy it uses ({@code <own>/hsu-<pid>-<start>}, see {@link MasterIdentity}), and one
 * child per run of a unit ({@code <parent>/<unit>.<n>}).
 *
 * <p>Start (first {@link #create}): leftovers of masters that are gone are killed and removed
 * ({@link Leftovers}); the parents are made. In v2, when the master's cgroup is not the root and
 * controllers are to be handed on, the master first moves itself into the leaf
 * {@code <own>/hsu-<pid>-<start>.master} and enables the controllers in {@code <own>}'s
 * {@code cgroup.subtree_control} (no-internal-processes rule: a cgroup that hands controllers to
 * children holds no process itself); then it enables them in its parent's subtree_control. That
 * {@code <own>} is the master's delegated cgroup (systemd {@code Delegate=yes}); it is the only
 * cgroup HSU writes to that it did not create. The leaf stays until the master exits (a process
 * cannot leave it for a cgroup that hands on controllers); the next master's leftover cleaning,
 * or systemd when it removes the service's cgroup, removes it.
 *
 * <p>Units: {@link #create} makes the unit's directory in the tracking hierarchy (v2 when
 * writable, else the v1 freezer) and in the hierarchy of every controller its limits need and,
 * with {@code accounting}, of memory, pids and io (and v1 cpuacct) for per-unit figures; then
 * writes the limits. {@link #release} kills what is left and leaves the removal of the
 * directories to a background thread, which retries until the killed processes are gone (a
 * process being killed stays a member for a moment).
 *
 * <p>Exit: {@link #close} (also run by a shutdown hook) waits for pending removals and removes
 * the parents. A unit still running then keeps its directories; the next start removes them.
 * Units meant to outlive the master ({@link #keepUnitsAtExit}: {@code shutdown --keep-units},
 * {@code on_crash: keep-units}) have their parents marked with {@link
 * MasterIdentity#KEPT_MARKER} for as long as that holds, crash included, so that another master's
 * start does not take them for orphans.
 *
 * <p>Thread-safety: safe from any thread; {@link #create} and {@link #release} for different units
 * run concurrently.
 */
public final class CgroupTree implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CgroupTree.class);
    private static final long REMOVE_GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    /**
     * @param identity names this tree's parents
     * @param procRoot normally {@code /proc} (membership checks, liveness of other masters)
     * @param killMethod the tree kill to use, or null to pick the best the host offers
     * @param accounting true: every unit cgroup joins the memory, pids and io hierarchies (and v1
     *     cpuacct) for per-unit accounting, not only those its limits need
     * @param liveness whether another master still runs
     * @param signaller signals members by pid safely
     */
    public record Options(MasterIdentity identity, Path procRoot, KillMethod killMethod, boolean accounting,
            MasterLiveness liveness, PidSignaller signaller) {
    }

    private final CgroupHost host;
    private final Options options;
    private final AtomicLong sequence = new AtomicLong();
    private final Set<UnitCgroup> live = ConcurrentHashMap.newKeySet();
    /** Unit directories of earlier masters taken over by {@link #adopt}: leftover cleaning spares them. */
    private final Set<Path> claimed = ConcurrentHashMap.newKeySet();
    /** Parents of earlier masters that this master's state file points to (see {@link #inherit}). */
    private final Set<Path> inherited = ConcurrentHashMap.newKeySet();
    private final Set<UnitCgroup> pendingRemoval = ConcurrentHashMap.newKeySet();
    private static final Path REAL_PROC = Path.of("/proc");
    private final java.util.concurrent.atomic.AtomicBoolean warmUpQueued =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean warmUpOff;

    /**
     * Where the unit directories of one hierarchy go.
     *
     * @param controllers what a unit directory there provides
     * @param cgroupPrefix the parent's path inside the hierarchy with a trailing slash
     */
    private record Slot(Hierarchy hierarchy, Path parent, Set<Controller> controllers, String cgroupPrefix) {
        Slot {
            controllers = Set.copyOf(controllers); // once here, not in each unit's Dir
        }
    }

    /**
     * Fixed by the start: the tracking slot, the slot of each usable controller, the slots that
     * accounting adds, the kill method.
     */
    private record Placement(Slot tracking, Map<Controller, Slot> slots, List<Slot> accounting,
            KillMethod killMethod) {
    }

    private final boolean hostHasPids;

    // Set once by start(), under this object's monitor.
    private volatile Placement placement;
    private volatile boolean started;
    private volatile boolean closed;
    /** Units are left running at the exit on purpose (a later master adopts them). */
    private volatile boolean keepAtExit;
    private Map<Hierarchy, Path> parents = Map.of();
    private Set<Controller> v2Enabled = Set.of();
    private final Map<Controller, String> unavailable = new ConcurrentHashMap<>();
    private String failure;
    private KillMethod killMethod;
    private Thread shutdownHook;
    private ScheduledThreadPoolExecutor remover;

    public CgroupTree(CgroupHost host, Options options) {
        this.host = host;
        this.options = options;
        this.hostHasPids = host.hierarchyFor(Controller.PIDS).isPresent();
    }

    public CgroupHost host() {
        return host;
    }

    /** The parent directories, once started (for tests and diagnostics). */
    public synchronized Map<Hierarchy, Path> parents() {
        return Map.copyOf(parents);
    }

    /** The kill method in use; null before the start. */
    public synchronized KillMethod killMethod() {
        return killMethod;
    }

    /** Why the tree could not be made, if it could not; empty before the start or when it works. */
    public synchronized Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Makes the parents (once). Does not throw: a failure is kept in {@link #failure()} and
     * reported by every later {@link #create}.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Optional<Hierarchy> tracking = host.tracking();
        if (tracking.isEmpty()) {
            failure = host.problems().isEmpty() ? "no cgroup hierarchy is usable" : host.problems().get(0);
            return;
        }
        List<Hierarchy> used = host.usedHierarchies();
        for (Hierarchy h : used) {
            try {
                Leftovers.clean(h, options.identity(), options.liveness(), options.signaller(), options.procRoot(),
                        claimed::contains, inherited::contains);
            } catch (RuntimeException e) {
                LOG.warn("could not clean cgroups left over in {}: {}", h.ownDir(), e.getMessage());
            }
        }
        Map<Hierarchy, Path> made = new LinkedHashMap<>();
        for (Hierarchy h : used) {
            try {
                made.put(h, h.version() == CgroupVersion.V2 ? setUpV2(h) : makeParent(h));
            } catch (RuntimeException e) {
                String reason = e.getMessage();
                if (h.equals(tracking.get())) {
                    failure = "HSU could not set up its cgroup in " + h.describe() + ": " + reason;
                    LOG.error("{}; units run without cgroups of their own", failure);
                    removeParents(made);
                    return;
                }
                for (Controller c : h.controllers()) {
                    unavailable.put(c, "HSU could not set up its cgroup in " + h.describe() + ": " + reason);
                }
                LOG.error("HSU could not set up its cgroup in {}: {}; its controllers are not used", h.describe(),
                        reason);
            }
        }
        parents = made;
        if (keepAtExit) {
            KeptMark.set(made.values(), true);
        }
        killMethod = chooseKillMethod(tracking.get(), made.get(tracking.get()));
        placement = placement(tracking.get(), made);
        shutdownHook = new Thread(this::closeAtExit, "hsu-cgroup-exit");
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            shutdownHook = null; // the JVM is already exiting
        }
        LOG.info("HSU's cgroups: {} in {} hierarch{}; tree kill by {}", options.identity().parentName(), made.size(),
                made.size() == 1 ? "y" : "ies", killMethod);
    }

    /**
     * Makes the cgroup of one run of a unit and writes its limits.
     *
     * @throws ControllerUnavailableException if a limit needs a controller HSU cannot use
     * @throws CgroupException if a directory or a limit cannot be written (names which and why)
     */
    public UnitCgroup create(String unitId, ResourceLimits limits) {
        start();
        Placement p = placement;
        if (closed) {
            throw new CgroupException("unit " + unitId + ": HSU's cgroups are closed (the master is exiting)");
        }
        Set<Controller> forLimits = controllersFor(limits);
        if (!hostHasPids) {
            forLimits.remove(Controller.PIDS); // max_processes falls back to RLIMIT_NPROC (the limiter's job)
        }
        if (p == null) {
            throw new ControllerUnavailableException(forLimits.isEmpty() ? null : forLimits.iterator().next(),
                    failure().orElse("HSU's cgroups are not set up"));
        }
        List<Slot> chosen = new ArrayList<>(4);
        chosen.add(p.tracking());
        for (Controller c : forLimits) {
            Slot slot = p.slots().get(c);
            if (slot == null) {
                throw new ControllerUnavailableException(c, "unit " + unitId + ": " + unavailable.getOrDefault(c,
                        "no cgroup " + c.name().toLowerCase(java.util.Locale.ROOT) + " controller is usable here ("
                                + host.summary() + ")"));
            }
            if (!chosen.contains(slot)) {
                chosen.add(slot);
            }
        }
        if (options.accounting()) {
            for (Slot slot : p.accounting()) {
                if (!chosen.contains(slot)) {
                    chosen.add(slot);
                }
            }
        }
        String name = dirName(unitId) + "." + sequence.incrementAndGet();
        List<UnitCgroup.Dir> made = new ArrayList<>(chosen.size());
        try {
            for (Slot slot : chosen) {
                UnitCgroup.Dir dir = UnitCgroup.Dir.in(slot.hierarchy(), slot.controllers(), slot.parent(),
                        slot.cgroupPrefix(), name);
                CgroupFs.mkdir(dir.path());
                made.add(dir);
            }
            UnitCgroup unit = new UnitCgroup(unitId, name, limits, made, p.killMethod(), host.io(),
                    options.procRoot(), this::warmUpJoin);
            if (!forLimits.isEmpty()) {
                unit.apply(filesFor(unit, limits));
            }
            live.add(unit);
            return unit;
        } catch (RuntimeException e) {
            for (UnitCgroup.Dir d : made) {
                try {
                    CgroupFs.rmdir(d.path());
                } catch (RuntimeException ignored) {
                    // best effort: it is empty and will be removed with the parent
                }
            }
            throw e;
        }
    }

    /**
     * Ends the unit's cgroup: kills what is left in it now, then removes its directories on the
     * remover thread (at once, and again until the killed processes are gone). Idempotent.
     *
     * <p>The removal is never done by the caller: on an automatic restart the caller is the unit's
     * actor, which launches the next run right after, and the next run has a cgroup of its own;
     * a {@code rmdir} per hierarchy (v1 memory cgroups are the slow ones) would only delay it.
     * {@link #pendingRemovals()} counts the removals not done yet; {@link #close} finishes them.
     */
    public void release(UnitCgroup unit) {
        if (!live.remove(unit)) {
            return;
        }
        if (claimed.contains(unit.tracking().path())) {
            releaseAdopted(unit);
            return;
        }
        try {
            if (!unit.isEmpty()) {
                unit.killAll(options.signaller());
            }
        } catch (RuntimeException e) {
            LOG.warn("unit {}: could not kill what is left in its cgroup {}: {}", unit.unitId(), unit.name(),
                    e.getMessage());
        }
        scheduleRemoval(unit, System.nanoTime(), 0);
    }

    /**
     * Prepares the kernel for a cgroup join that is about to come (a unit's exit was just seen;
     * its restart's trampoline joins the new run's cgroup), on the remover thread: the master
     * writes its own pid into the {@code cgroup.procs} of the v2 cgroup it is in, a migration
     * that moves nothing. Never blocks; exits that come while one is queued share it.
     *
     * <p>Why: every write of a pid to a {@code cgroup.procs} file takes the kernel's global
     * {@code cgroup_threadgroup_rwsem} for writing, and after a quiet spell the first such write
     * waits for an RCU grace period (measured 5 to 18 ms on a 2-core VM; writes within a grace
     * period of another one are fast). Without this the unit's trampoline waits for it after the
     * master has done all its restart work; with it the wait runs while the master works.
     *
     * <p>Platform note: only with tracking in v2 and the real {@code /proc}; the write is done
     * only while {@code /proc/self/cgroup} names that very cgroup, so the master never moves.
     * If a write fails (no permission on a delegated tree, say), it is not tried again.
     */
    public void warmUpJoin() {
        Placement p = placement;
        if (warmUpOff || p == null || p.tracking().hierarchy().version() != CgroupVersion.V2
                || !options.procRoot().equals(REAL_PROC) || !warmUpQueued.compareAndSet(false, true)) {
            return;
        }
        ScheduledThreadPoolExecutor r = remover();
        if (r == null) {
            warmUpQueued.set(false);
            return;
        }
        try {
            r.execute(() -> {
                try {
                    migrateMasterInPlace(p.tracking().hierarchy());
                } finally {
                    warmUpQueued.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            warmUpQueued.set(false); // closing
        }
    }

    private void migrateMasterInPlace(Hierarchy v2) {
        Optional<String> own = CgroupFs.read(options.procRoot().resolve("self/cgroup")).flatMap(text -> text.lines()
                .filter(line -> line.startsWith("0::/")).map(line -> line.substring(3)).findFirst());
        if (own.isEmpty() || own.get().contains(" ")) {
            warmUpOff = true; // no v2 line, or "(deleted)": nothing safe to write to
            return;
        }
        String path = own.get();
        Path procs = (path.equals("/") ? v2.mountPoint() : v2.mountPoint().resolve(path.substring(1)))
                .resolve("cgroup.procs");
        try {
            CgroupFs.write(procs, Long.toString(ProcessHandle.current().pid()));
        } catch (CgroupException e) {
            warmUpOff = true;
            LOG.debug("cgroup join warm-up is off: {}", e.getMessage());
        }
    }

    /**
     * Takes on the parents of {@code unitDirs}, unit directories an earlier master recorded in the
     * state file this master reads: their units were kept for this master, so what it does not
     * adopt of them (a unit's remnants after its main process ended, a process it could not
     * re-attach) is its to kill, though the parents are marked as kept. Call it before the start.
     */
    public void inherit(List<Path> unitDirs) {
        inherited.addAll(hsuParentsOf(unitDirs));
    }

    /**
     * Takes over the cgroup of a unit that an earlier master started and left running: its
     * directories {@code dirs} (tracking first, as {@link UnitCgroup#dirs()} listed them) must
     * still exist and the tracking one must hold {@code pid}. The cgroup is then live in this tree
     * (killed and removed by {@link #release}, sampled, its limits kept as they were written),
     * and the leftover cleaning of this tree's start spares it. Call it before the first
     * {@link #create}: that start kills what an earlier master left and nobody claimed.
     *
     * @param dirs the directories, absolute; those in hierarchies this host no longer uses are dropped
     * @return the cgroup, or empty if the tracking directory is gone or does not hold {@code pid}
     */
    public Optional<UnitCgroup> adopt(String unitId, ResourceLimits limits, List<Path> dirs, int pid) {
        List<UnitCgroup.Dir> found = new ArrayList<>(dirs.size());
        for (Path dir : dirs) {
            Optional<Hierarchy> h = hierarchyOf(dir);
            if (h.isEmpty() || !Files.isDirectory(dir)) {
                if (found.isEmpty()) {
                    return Optional.empty(); // the tracking directory is what makes the unit
                }
                LOG.warn("unit {}: its cgroup directory {} is gone or outside the hierarchies in use; its "
                        + "controllers no longer apply", unitId, dir);
                continue;
            }
            Hierarchy hierarchy = h.get();
            String cgroupPath = "/" + hierarchy.mountPoint().relativize(dir).toString();
            found.add(UnitCgroup.Dir.at(hierarchy, providedBy(hierarchy, dir), dir, cgroupPath));
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Path tracking = found.get(0).path();
        KillMethod method;
        KillMethod chosen = killMethod();
        if (chosen != null && found.get(0).hierarchy().equals(host.tracking().orElse(null))) {
            method = chosen;
        } else if (found.get(0).isV2()) {
            method = Files.exists(tracking.resolve("cgroup.kill")) ? KillMethod.CGROUP_KILL
                    : Files.exists(tracking.resolve("cgroup.freeze")) ? KillMethod.V2_FREEZE : KillMethod.SIGNAL_LOOP;
        } else {
            method = found.stream().anyMatch(d -> d.controllers().contains(Controller.FREEZER))
                    ? KillMethod.V1_FREEZER : KillMethod.SIGNAL_LOOP;
        }
        UnitCgroup unit = new UnitCgroup(unitId, tracking.getFileName().toString(), limits, found, method, host.io(),
                options.procRoot());
        if (!unit.isMember(pid)) {
            return Optional.empty();
        }
        for (UnitCgroup.Dir d : found) {
            claimed.add(d.path());
        }
        live.add(unit);
        KeptMark.set(hsuParentsOf(found.stream().map(UnitCgroup.Dir::path).toList()), keepAtExit);
        return Optional.of(unit);
    }

    private Optional<Hierarchy> hierarchyOf(Path dir) {
        Hierarchy best = null;
        for (Hierarchy h : host.usedHierarchies()) {
            if (dir.startsWith(h.mountPoint())
                    && (best == null || h.mountPoint().getNameCount() > best.mountPoint().getNameCount())) {
                best = h;
            }
        }
        return Optional.ofNullable(best);
    }

    /** v1: the hierarchy's controllers; v2: those enabled for the directory (its cgroup.controllers). */
    private static Set<Controller> providedBy(Hierarchy h, Path dir) {
        if (h.version() == CgroupVersion.V1) {
            return h.controllers();
        }
        Set<String> names = Set.of(CgroupFs.read(dir.resolve("cgroup.controllers")).orElse("").trim().split("\\s+"));
        Set<Controller> out = EnumSet.noneOf(Controller.class);
        for (Controller c : Controller.values()) {
            if (c.v2Name() != null && names.contains(c.v2Name())) {
                out.add(c);
            }
        }
        return out;
    }

    /** Whether {@code unit} was made by this tree and not released yet. */
    public boolean isLive(UnitCgroup unit) {
        return live.contains(unit);
    }

    /**
     * An adopted unit's cgroup lives in an earlier master's parent: once it is removed, that
     * parent goes too if nothing else of it is left (its master is gone: it was adopted from).
     */
    private void releaseAdopted(UnitCgroup unit) {
        try {
            if (!unit.isEmpty()) {
                unit.killAll(options.signaller());
                UnitCgroup.waitFor(unit::isEmpty);
            }
            if (unit.remove()) {
                for (UnitCgroup.Dir d : unit.dirs()) {
                    claimed.remove(d.path());
                    Path parent = d.path().getParent();
                    if (parent != null && MasterIdentity.ofName(parent.getFileName().toString()).isPresent()
                            && KeptMark.unitDirs(parent).isEmpty()) {
                        KeptMark.removeWithParent(parent);
                    }
                }
            } else {
                LOG.warn("unit {}: could not remove its cgroup {} (adopted from an earlier master); the next start "
                        + "removes it", unit.unitId(), unit.name());
            }
        } catch (RuntimeException e) {
            LOG.warn("unit {}: could not remove its cgroup {}: {}", unit.unitId(), unit.name(), e.getMessage());
        }
    }

    /**
     * Whether the units still running at the master's exit are left so on purpose (for a later
     * master to adopt): {@link #close} then keeps their cgroups and the parents holding them
     * without warnings.
     */
    public void keepUnitsAtExit(boolean keep) {
        Set<Path> marked;
        synchronized (this) {
            keepAtExit = keep;
            if (!started || closed) {
                return; // the start marks its parents; adopt marks where it adopts from
            }
            marked = policyParents();
        }
        KeptMark.set(marked, keep);
    }

    /**
     * The parents whose running units follow this master's policy at its exit: its own, and the
     * earlier masters' it adopted units from.
     */
    private synchronized Set<Path> policyParents() {
        Set<Path> out = new LinkedHashSet<>(parents.values());
        out.addAll(hsuParentsOf(claimed));
        return out;
    }

    /** The parents of {@code unitDirs} that are HSU masters' (see {@link MasterIdentity}). */
    private static Set<Path> hsuParentsOf(java.util.Collection<Path> unitDirs) {
        Set<Path> out = new LinkedHashSet<>();
        for (Path dir : unitDirs) {
            Path parent = dir.getParent();
            if (parent != null && MasterIdentity.ofName(parent.getFileName().toString()).isPresent()) {
                out.add(parent);
            }
        }
        return out;
    }

    /** Removals not done yet (for tests and {@link #close}). */
    public int pendingRemovals() {
        return pendingRemoval.size();
    }

    /**
     * Waits (up to 5 s) for pending removals, then removes the parents. Unit cgroups that still
     * hold processes are left, with a warning; the next start removes them. Idempotent.
     */
    @Override
    public void close() {
        closeQuietly();
        Thread hook;
        synchronized (this) {
            hook = shutdownHook;
            shutdownHook = null;
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already exiting
            }
        }
    }

    private void closeAtExit() {
        closeQuietly();
    }

    private void closeQuietly() {
        Map<Hierarchy, Path> toRemove;
        ScheduledThreadPoolExecutor r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toRemove = parents;
            r = remover;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!pendingRemoval.isEmpty() && System.nanoTime() < deadline) {
            for (UnitCgroup u : List.copyOf(pendingRemoval)) {
                if (u.remove()) {
                    pendingRemoval.remove(u);
                }
            }
            if (!pendingRemoval.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
        for (UnitCgroup u : List.copyOf(pendingRemoval)) {
            LOG.warn("unit {}: its cgroup {} still holds processes at the master's exit; left for the next start "
                    + "to clean", u.unitId(), u.name());
        }
        if (r != null) {
            r.shutdownNow();
        }
        if (keepAtExit && !live.isEmpty()) {
            // Marked already: by keepUnitsAtExit, the start and each adoption.
            LOG.info("{} unit cgroup(s) left with their running units for the next master", live.size());
            return;
        }
        KeptMark.set(policyParents(), false);
        for (UnitCgroup u : live) {
            if (u.isEmpty() && u.remove()) {
                live.remove(u);
            } else {
                LOG.warn("unit {}: its cgroup {} still holds processes at the master's exit; left for the next "
                        + "start to clean", u.unitId(), u.name());
            }
        }
        removeParents(toRemove);
    }

    private static void removeParents(Map<Hierarchy, Path> parents) {
        for (Path p : parents.values()) {
            try {
                if (!CgroupFs.rmdir(p)) {
                    LOG.warn("HSU's cgroup {} still holds unit cgroups at the master's exit; left for the next start "
                            + "to clean", p);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not remove HSU's cgroup {}: {}", p, e.getMessage());
            }
        }
    }

    private void scheduleRemoval(UnitCgroup unit, long since, long delayMillis) {
        pendingRemoval.add(unit);
        ScheduledThreadPoolExecutor r = remover();
        if (r == null) {
            return; // closing: close() finishes the job
        }
        r.schedule(() -> {
            try {
                if (unit.remove()) {
                    pendingRemoval.remove(unit);
                } else if (System.nanoTime() - since > REMOVE_GIVE_UP_NANOS) {
                    pendingRemoval.remove(unit);
                    LOG.warn("unit {}: its cgroup {} still holds processes {} s after they were killed; left for the "
                            + "next start to clean", unit.unitId(), unit.name(), REMOVE_GIVE_UP_NANOS / 1_000_000_000L);
                } else {
                    if (!unit.isEmpty()) {
                        unit.killAll(options.signaller()); // something joined after the kill: end it too
                    }
                    scheduleRemoval(unit, since, Math.min(Math.max(1, delayMillis * 2), 200));
                }
            } catch (RuntimeException e) {
                pendingRemoval.remove(unit);
                LOG.warn("unit {}: could not remove its cgroup {}: {}", unit.unitId(), unit.name(), e.getMessage());
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized ScheduledThreadPoolExecutor remover() {
        if (closed) {
            return null;
        }
        if (remover == null) {
            remover = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread t = new Thread(runnable, "hsu-cgroup-remover");
                t.setDaemon(true);
                return t;
            });
            remover.setRemoveOnCancelPolicy(true);
        }
        return remover;
    }

    private Path makeParent(Hierarchy h) {
        Path parent = h.ownDir().resolve(options.identity().parentName());
        CgroupFs.mkdir(parent);
        return parent;
    }

    /** Makes the v2 parent and hands it the controllers HSU uses (see the class comment). */
    private Path setUpV2(Hierarchy h) {
        Set<Controller> wanted = host.v2Controllers();
        Path own = h.ownDir();
        if (!wanted.isEmpty()) {
            try {
                if (host.v2MoveToLeaf() && !enabledIn(own, wanted)) {
                    Path leaf = own.resolve(options.identity().leafName());
                    if (!Files.isDirectory(leaf)) {
                        CgroupFs.mkdir(leaf);
                    }
                    CgroupFs.write(leaf.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
                    LOG.info("moved the master into {} so that {} can hand controllers to unit cgroups", leaf, own);
                }
                enable(own, wanted);
            } catch (RuntimeException e) {
                for (Controller c : wanted) {
                    unavailable.put(c, "cgroup v2 controllers could not be enabled in " + own + ": " + e.getMessage());
                }
                LOG.error("cgroup v2: {}; units get v2 cgroups without controllers", e.getMessage());
                wanted = Set.of();
            }
        }
        Path parent = makeParent(h);
        if (!wanted.isEmpty()) {
            try {
                enable(parent, wanted);
            } catch (RuntimeException e) {
                for (Controller c : wanted) {
                    unavailable.put(c, e.getMessage());
                }
                LOG.error("cgroup v2: {}; units get v2 cgroups without controllers", e.getMessage());
                wanted = Set.of();
            }
        }
        v2Enabled = wanted.isEmpty() ? Set.of() : Set.copyOf(wanted);
        return parent;
    }

    private static boolean enabledIn(Path dir, Set<Controller> controllers) {
        Set<String> on = Set.of(CgroupFs.read(dir.resolve("cgroup.subtree_control")).orElse("").trim().split("\\s+"));
        return controllers.stream().allMatch(c -> on.contains(c.v2Name()));
    }

    private static void enable(Path dir, Set<Controller> controllers) {
        if (enabledIn(dir, controllers)) {
            return;
        }
        StringBuilder line = new StringBuilder();
        for (Controller c : controllers) {
            line.append(line.isEmpty() ? "" : " ").append('+').append(c.v2Name());
        }
        CgroupFs.write(dir.resolve("cgroup.subtree_control"), line.toString());
    }

    private Placement placement(Hierarchy tracking, Map<Hierarchy, Path> made) {
        Map<Hierarchy, Slot> byHierarchy = new LinkedHashMap<>();
        for (Map.Entry<Hierarchy, Path> e : made.entrySet()) {
            Hierarchy h = e.getKey();
            Set<Controller> provides = h.version() == CgroupVersion.V2 ? v2Enabled : h.controllers();
            byHierarchy.put(h, new Slot(h, e.getValue(), provides,
                    (h.ownIsRoot() ? "" : h.ownPath()) + "/" + e.getValue().getFileName() + "/"));
        }
        Map<Controller, Slot> slots = new java.util.EnumMap<>(Controller.class);
        for (Controller c : Controller.values()) {
            if (unavailable.containsKey(c)) {
                continue;
            }
            Optional<Hierarchy> unified = host.unified();
            Slot slot = null;
            if (unified.isPresent() && v2Enabled.contains(c)) {
                slot = byHierarchy.get(unified.get());
            }
            if (slot == null) {
                for (Hierarchy h : host.legacy()) {
                    if (h.controllers().contains(c) && byHierarchy.containsKey(h)) {
                        slot = byHierarchy.get(h);
                        break;
                    }
                }
            }
            if (slot != null) {
                slots.put(c, slot);
            }
        }
        List<Controller> accounted = new ArrayList<>(List.of(Controller.MEMORY, Controller.PIDS, Controller.IO));
        if (tracking.version() == CgroupVersion.V1) {
            accounted.add(Controller.CPUACCT);
        }
        List<Slot> accounting = new ArrayList<>();
        Slot trackingSlot = byHierarchy.get(tracking);
        for (Controller c : accounted) {
            Slot slot = slots.get(c);
            if (slot != null && slot != trackingSlot && !accounting.contains(slot)) {
                accounting.add(slot);
            }
        }
        return new Placement(trackingSlot, slots, List.copyOf(accounting), killMethod);
    }

    private KillMethod chooseKillMethod(Hierarchy tracking, Path parent) {
        KillMethod forced = options.killMethod();
        KillMethod best;
        if (tracking.version() == CgroupVersion.V2) {
            best = Files.exists(parent.resolve("cgroup.kill")) ? KillMethod.CGROUP_KILL
                    : Files.exists(parent.resolve("cgroup.freeze")) ? KillMethod.V2_FREEZE : KillMethod.SIGNAL_LOOP;
        } else {
            best = tracking.controllers().contains(Controller.FREEZER) ? KillMethod.V1_FREEZER : KillMethod.SIGNAL_LOOP;
        }
        if (forced == null) {
            return best;
        }
        boolean fits = switch (forced) {
            case CGROUP_KILL -> best == KillMethod.CGROUP_KILL;
            case V2_FREEZE -> tracking.version() == CgroupVersion.V2 && Files.exists(parent.resolve("cgroup.freeze"));
            case V1_FREEZER -> best == KillMethod.V1_FREEZER;
            case SIGNAL_LOOP -> true;
        };
        if (!fits) {
            throw new IllegalArgumentException("kill method " + forced + " is not available with tracking in "
                    + tracking.describe());
        }
        return forced;
    }

    /** The controllers {@code limits} need (max_open_files needs none: it is an rlimit). */
    public static Set<Controller> controllersFor(ResourceLimits limits) {
        Set<Controller> out = EnumSet.noneOf(Controller.class);
        if (limits.cpu() != null || limits.cpuShares() != null) {
            out.add(Controller.CPU);
        }
        if (limits.memory() != null || limits.memorySwap() != null) {
            out.add(Controller.MEMORY);
        }
        if (limits.maxProcesses() != null) {
            out.add(Controller.PIDS);
        }
        if (limits.ioWeight() != null || limits.ioReadBps() != null || limits.ioWriteBps() != null) {
            out.add(Controller.IO);
        }
        return out;
    }

    /** The limit files for each controller's directory version, in the mapping's order (v1 memsw after memory). */
    private List<LimitFile> filesFor(UnitCgroup unit, ResourceLimits limits) {
        List<LimitFile> out = new ArrayList<>();
        for (LimitFile f : LimitMapping.v2(limits, host.io().weightFiles())) {
            if (unit.dirFor(f.controller()).map(UnitCgroup.Dir::isV2).orElse(false)) {
                out.add(f);
            }
        }
        for (LimitFile f : LimitMapping.v1(limits, host.io().weightFiles())) {
            if (unit.dirFor(f.controller()).map(d -> !d.isV2()).orElse(false)) {
                out.add(f);
            }
        }
        return out;
    }

    /** A unit name as a directory name: letters, digits and {@code _.@:-}, at most 64 characters. */
    static String dirName(String unitId) {
        StringBuilder out = new StringBuilder(Math.min(unitId.length(), 64));
        for (int i = 0; i < unitId.length() && out.length() < 64; i++) {
            char c = unitId.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || "_.@:-".indexOf(c) >= 0);
            out.append(ok ? c : '_');
        }
        if (out.isEmpty() || out.charAt(0) == '.') {
            out.insert(0, '_');
        }
        return out.toString();
    }
}

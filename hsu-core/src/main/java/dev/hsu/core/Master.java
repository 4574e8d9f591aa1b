package dev.hsu.core;

import dev.hsu.core.schedule.CronExpression;
import dev.hsu.core.schedule.ScheduleStore;
import dev.hsu.core.unit.Dependency;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.core.validate.InvalidUnitException;
import dev.hsu.core.validate.Problem;
import dev.hsu.core.validate.Severity;
import dev.hsu.core.validate.UnitValidator;
import dev.hsu.spi.ResourceUsage;
import dev.hsu.spi.Signal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The supervisor of a set of managed units: registers them, starts, stops, restarts and signals
 * them, and reports what happens as {@link UnitEvent}s.
 *
 * <p>Each unit is supervised by its own actor (a serialized mailbox) that owns its state machine
 * (see {@link UnitState}); actors run on virtual threads only while they have work, and every
 * timer (restart delays, graceful timeouts) lives on one shared daemon timer thread. An idle unit
 * costs a few small objects: hundreds of units need no thread of their own.
 *
 * <p>Dependencies: a unit with {@code depends_on} starts only when every condition holds
 * ({@link UnitState#WAITING} until then; {@link UnitState#BLOCKED} if a dependency fails or does
 * not become healthy within its {@code start_timeout}); starting it starts its dependencies if
 * nothing did. Independent units start in parallel, at most
 * {@link MasterSettings#startConcurrency()} launching at once. {@link #shutdown()} and
 * {@link #stopAll()} stop dependents before what they depend on.
 *
 * <p>Worker pools: a unit with {@code replicas: N} runs N instances {@code name-0 ...}; the pool
 * is listed once by {@link #statuses()} (with its replicas inside) and is one unit for
 * dependencies; each replica is also reachable by its own name for status, start, stop, restart
 * and signals. {@link #rescale} changes a pool's size without touching the replicas it keeps.
 *
 * <p>Schedules: {@link #startAll()} arms the cron schedule of every scheduled unit (instead of
 * starting it); each firing starts a run, subject to the schedule's overlap policy.
 *
 * <p>Health: see {@link dev.hsu.core.health.Probe}; a failing {@code health_check} restarts the
 * unit through its restart policy.
 *
 * <p>Stopping: the unit's {@code stop_signal} goes to its process tree; if the main process has
 * not ended after {@code graceful_timeout}, the whole tree is killed. After any exit of the main
 * process, stopped or not, what it left behind in its process group (and cgroup or job) is
 * killed too, like systemd's {@code KillMode=control-group}.
 *
 * <p>Futures returned here complete after the events leading to their result were delivered to
 * listeners, on an internal thread; chain blocking work with the {@code *Async} methods.
 *
 * <p>Thread-safety: every method may be called from any thread.
 *
 * <pre>{@code
 * try (Master master = new Master(Platform.of(provider), settings)) {
 *     master.register(ManagedUnit.builder("web").executable("./server").build());
 *     master.start("web").join();
 * }   // close() stops every unit
 * }</pre>
 */
public final class Master implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Master.class.getName());
    /** How long a shutdown waits for units' last output to reach their log files. */
    static final java.time.Duration LOG_FLUSH_TIMEOUT = java.time.Duration.ofSeconds(10);
    private final Supervision supervision;
    private final Orchestrator orchestrator;
    private final ScheduleStore scheduleStore;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}; registration order. */
    private final Map<String, UnitGroup> groups = new LinkedHashMap<>();
    /** Guarded by {@link #lock}; every instance by its name (a unit, or a pool's replicas). */
    private final Map<String, UnitActor> instances = new HashMap<>();
    /** Guarded by {@link #lock}; the group of each instance name. */
    private final Map<String, UnitGroup> groupOf = new HashMap<>();
    /** Guarded by {@link #lock}; set once by the first {@link #shutdown()}. */
    private CompletableFuture<Void> shutdown;

    /**
     * @param platform the selected adapter's ports
     * @param settings master-wide settings
     */
    public Master(Platform platform, MasterSettings settings) {
        this(platform, settings, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * For deterministic restart delays in tests.
     *
     * @param jitter values uniform in {@code [0, 1)} that spread restart delays; called from
     *     several threads, so it must be thread-safe
     */
    public Master(Platform platform, MasterSettings settings, DoubleSupplier jitter) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(jitter, "jitter");
        this.supervision = new Supervision(platform, settings, jitter);
        this.scheduleStore = new ScheduleStore(settings.stateDirectory());
        this.orchestrator = new Orchestrator(supervision, this::group, this::groupOfInstance, this::allGroups,
                this::stopGroup);
        supervision.addListener(this::route);
    }

    /** The platform units run on. */
    public Platform platform() {
        return supervision.platform;
    }

    /** The settings given at construction. */
    public MasterSettings settings() {
        return supervision.settings;
    }

    /**
     * Adds a unit in state {@link UnitState#REGISTERED}; it is not started. Its dependencies need
     * not be registered yet (a start waits for nothing it cannot find: it is blocked), but they
     * must not form a cycle with the units registered so far.
     *
     * @throws InvalidUnitException listing every problem if the unit has an error (see
     *     {@link UnitValidator#validate}), if it closes a dependency cycle, or if its name (or a
     *     replica's) is already taken
     * @throws IllegalStateException after {@link #shutdown()}
     */
    public void register(ManagedUnit unit) {
        Objects.requireNonNull(unit, "unit");
        requireValid(unit);
        CronExpression cron = unit.schedule() == null ? null
                : CronExpression.parse(unit.schedule().cron(), unit.schedule().timezone());
        synchronized (lock) {
            ensureOpen();
            List<String> names = new ArrayList<>();
            names.add(unit.name());
            for (ManagedUnit replica : Replicas.of(unit)) {
                if (!replica.name().equals(unit.name())) {
                    names.add(replica.name());
                }
            }
            for (String n : names) {
                if (instances.containsKey(n) || groups.containsKey(n)) {
                    throw nameTaken(unit.name(), "name", n);
                }
            }
            List<Problem> cycles = cycleProblems(unit);
            if (!cycles.isEmpty()) {
                throw new InvalidUnitException(cycles);
            }
            List<UnitActor> members = new ArrayList<>();
            for (ManagedUnit replica : Replicas.of(unit)) {
                members.add(new UnitActor(replica, supervision, unit.isPool() ? unit.name() : null));
            }
            UnitGroup g = new UnitGroup(unit, members);
            if (cron != null) {
                g.schedule = new ScheduleDriver(g, cron, scheduleStore, supervision,
                        fired -> startGroupGated(fired, StartOrigin.SCHEDULE), this::stopGroup);
            }
            groups.put(unit.name(), g);
            for (UnitActor a : members) {
                instances.put(a.unit().name(), a);
                groupOf.put(a.unit().name(), g);
            }
        }
    }

    private void requireValid(ManagedUnit unit) {
        List<Problem> problems = UnitValidator.validate(unit, supervision.platform.capabilities(),
                supervision.settings.strictLimits());
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new InvalidUnitException(problems);
        }
    }

    /** {@code taken}, the unit's own name or one of its replicas', is already registered. */
    private static InvalidUnitException nameTaken(String unit, String field, String taken) {
        return new InvalidUnitException(List.of(new Problem(unit, field, (taken.equals(unit)
                ? "a unit with this name is already registered"
                : "its replica name '" + taken + "' is already taken") + "; give every unit a unique name",
                Severity.ERROR)));
    }

    private List<Problem> cycleProblems(ManagedUnit unit) {
        if (unit.dependsOn().isEmpty()) {
            return List.of();
        }
        List<ManagedUnit> all = new ArrayList<>();
        for (UnitGroup g : groups.values()) {
            all.add(g.unit());
        }
        all.add(unit);
        List<Problem> out = new ArrayList<>();
        for (Problem p : UnitValidator.validateAll(all, supervision.platform.capabilities(), false)) {
            if (p.isError() && p.message().startsWith("dependency cycle")) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Stops the unit if it runs (as {@link #stop}), then forgets it. Blocks until then; see
     * {@link #unregisterAsync} for a non-blocking form.
     *
     * @throws UnknownUnitException if no unit has that name
     */
    public void unregister(String name) {
        unregisterAsync(name).join();
    }

    /**
     * As {@link #unregister}, completing once the unit is stopped and forgotten. The name stays
     * taken (and the unit listed) until then; starts are refused from now on. A replica cannot be
     * unregistered on its own: name its pool.
     */
    public CompletableFuture<Void> unregisterAsync(String name) {
        UnitGroup g = groupNamed(name);
        if (g.schedule != null) {
            g.schedule.disarm();
        }
        return orchestrator.cancel(g).thenCompose(v -> CompletableFuture.allOf(
                g.members().stream().map(UnitActor::retire).toArray(CompletableFuture[]::new))).thenRun(() -> {
                    synchronized (lock) {
                        if (groups.remove(name, g)) {
                            for (UnitActor a : g.members()) {
                                instances.remove(a.unit().name(), a);
                                groupOf.remove(a.unit().name(), g);
                            }
                        }
                    }
                });
    }

    /**
     * Changes the size of a registered pool to that of {@code next}, a {@linkplain
     * ManagedUnit#isRescaleOf rescale} of it (a reload that changed only {@code replicas} or
     * {@code min_ready}). The replicas the two sizes have in common are not touched: same
     * processes. Replicas beyond the new size are stopped (as by {@link #unregister}) and
     * forgotten; new ones are registered and, if any replica of the pool is active and it has no
     * schedule, started as a start of the pool would (once its dependencies hold); a scheduled
     * pool's new replicas run from its next firing.
     *
     * @return completes once the replicas taken out are stopped and forgotten
     * @throws UnknownUnitException if no unit has that name
     * @throws IllegalArgumentException if {@code next} is not a rescale of the registered unit
     * @throws InvalidUnitException if {@code next} has an error, or a new replica's name is taken
     * @throws IllegalStateException after {@link #shutdown()}
     */
    public CompletableFuture<Void> rescale(ManagedUnit next) {
        Objects.requireNonNull(next, "next");
        requireValid(next);
        UnitGroup g;
        List<UnitActor> added = new ArrayList<>();
        List<UnitActor> dropped;
        boolean startAdded;
        synchronized (lock) {
            ensureOpen();
            g = groupNamed(next.name());
            UnitGroup.Shape before = g.shape();
            if (!next.isRescaleOf(before.unit())) {
                throw new IllegalArgumentException("unit '" + next.name() + "': only a change of replicas or "
                        + "min_ready of a pool is a rescale; unregister and register it again instead");
            }
            List<ManagedUnit> wanted = Replicas.of(next);
            int kept = Math.min(before.members().size(), wanted.size());
            for (ManagedUnit r : wanted.subList(kept, wanted.size())) {
                if (instances.containsKey(r.name()) || groups.containsKey(r.name())) {
                    throw nameTaken(next.name(), "replicas", r.name());
                }
            }
            startAdded = g.schedule == null && g.active();
            List<UnitActor> members = new ArrayList<>(before.members().subList(0, kept));
            for (ManagedUnit r : wanted.subList(kept, wanted.size())) {
                UnitActor a = new UnitActor(r, supervision, next.name());
                members.add(a);
                added.add(a);
                instances.put(r.name(), a);
                groupOf.put(r.name(), g);
            }
            dropped = List.copyOf(before.members().subList(kept, before.members().size()));
            g.rescale(next, members);
        }
        if (startAdded && !added.isEmpty()) {
            orchestrator.start(g, added, StartOrigin.SCALE_UP);
        }
        UnitGroup group = g;
        return CompletableFuture.allOf(dropped.stream().map(UnitActor::retire).toArray(CompletableFuture[]::new))
                .thenRun(() -> {
                    synchronized (lock) {
                        for (UnitActor a : dropped) {
                            instances.remove(a.unit().name(), a);
                            groupOf.remove(a.unit().name(), group);
                        }
                    }
                });
    }

    /**
     * Starts every unit with {@code auto_start} at once, in dependency order (independent ones in
     * parallel), and arms the schedule of every scheduled unit with {@code auto_start} (a
     * scheduled unit runs at its firings, not now). Returns without waiting; outcomes arrive as
     * events and statuses.
     *
     * @throws IllegalStateException after {@link #shutdown()}
     */
    public void startAll() {
        startAll(java.util.Set.of());
    }

    /**
     * As {@link #startAll()}, leaving out the units named in {@code skip} (unit names, not
     * replica names), e.g. units a user had stopped before the master restarted.
     */
    public void startAll(java.util.Set<String> skip) {
        List<UnitGroup> all;
        synchronized (lock) {
            ensureOpen();
            all = List.copyOf(groups.values());
        }
        for (UnitGroup g : all) {
            if (!g.unit().autoStart() || skip.contains(g.name())) {
                continue;
            }
            if (g.schedule != null) {
                g.schedule.arm();
            } else {
                startGroupGated(g, StartOrigin.AUTO_START);
            }
        }
    }

    /**
     * Starts the unit (or pool, or replica), once its dependencies hold. A running unit stays as
     * it is; one waiting to restart starts now; one being stopped starts once stopped. Starting
     * resets the restart series. A scheduled unit whose schedule is not armed (a stop paused it)
     * is not run: its schedule is armed again, and the next firing runs it; one whose schedule is
     * armed runs now, outside the schedule.
     *
     * @return completes when the unit is {@link UnitState#RUNNING}, or {@link UnitState#FAILED} (a
     *     launch error: see {@link UnitStatus#reason()}), or {@link UnitState#BLOCKED}, or stopped
     *     by a stop that came meanwhile; completes exceptionally with {@link IllegalStateException}
     *     if the master is shutting down
     * @throws UnknownUnitException if no unit has that name
     */
    public CompletableFuture<UnitStatus> start(String name) {
        Target t = target(name);
        ScheduleDriver schedule = t.group.schedule;
        if (schedule != null && t.wholeGroup()) {
            return schedule.armIfIdle().thenCompose(armed -> armed ? CompletableFuture.completedFuture(statusNow(name))
                    : orchestrator.start(t.group, t.members, StartOrigin.USER).thenApply(list -> result(t, list, name)));
        }
        return orchestrator.start(t.group, t.members, StartOrigin.USER).thenApply(list -> result(t, list, name));
    }

    /**
     * A user stop: the stop signal, then after the graceful timeout a kill of the whole tree. It
     * never triggers a restart and cancels a pending one (or a wait for dependencies). A unit with
     * no process completes at once in its state. A scheduled unit's schedule is paused too, until
     * a {@link #start} (a stop of one replica leaves the pool's schedule alone).
     *
     * @return completes when no process of the unit is left running
     * @throws UnknownUnitException if no unit has that name
     */
    public CompletableFuture<UnitStatus> stop(String name) {
        Target t = target(name);
        if (t.group.schedule != null && t.wholeGroup()) {
            return t.group.schedule.pause().thenCompose(v -> stopTarget(t, name)).thenApply(s -> statusNow(name));
        }
        return stopTarget(t, name);
    }

    private CompletableFuture<UnitStatus> stopTarget(Target t, String name) {
        if (t.group.members().size() == 1) {
            UnitActor a = t.members.get(0);
            return orchestrator.cancel(t.group).thenCompose(v -> a.stop("stopped by user"));
        }
        if (t.members.size() == t.group.members().size()) {
            return stopGroup(t.group, "stopped by user").thenApply(v -> statusNow(name));
        }
        return t.members.get(0).stop("stopped by user");
    }

    /**
     * Stops every unit, dependents before what they depend on (independent ones in parallel),
     * and pauses every schedule. The master stays open: units can be started again.
     *
     * @return completes when every unit is stopped
     */
    public CompletableFuture<Void> stopAll() {
        List<UnitGroup> all = allGroups();
        CompletableFuture<?>[] paused = all.stream().filter(g -> g.schedule != null).map(g -> g.schedule.pause())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(paused).thenCompose(v -> stopInOrder(all, "stopped by user"));
    }

    /**
     * Stop (if running), then start. A unit that does not run is started as by {@link #start},
     * through its dependencies.
     *
     * @return as {@link #start}
     * @throws UnknownUnitException if no unit has that name
     */
    public CompletableFuture<UnitStatus> restart(String name) {
        Target t = target(name);
        List<CompletableFuture<UnitStatus>> parts = new ArrayList<>();
        List<UnitActor> idle = new ArrayList<>();
        for (UnitActor a : t.members) {
            if (a.status().state().isActive() || a.status().state() == UnitState.BACKOFF) {
                parts.add(a.restart());
            } else {
                idle.add(a);
            }
        }
        CompletableFuture<List<UnitStatus>> rest = idle.isEmpty() ? CompletableFuture.completedFuture(List.of())
                : orchestrator.start(t.group, idle, StartOrigin.USER);
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenCombine(rest, (a, b) -> {
            List<UnitStatus> all = new ArrayList<>(b);
            parts.forEach(p -> all.add(p.join()));
            return result(t, all, name);
        });
    }

    /**
     * Sends {@code signal} to the unit's main process (not its descendants); for a pool, to each
     * running replica's.
     *
     * @throws UnknownUnitException if no unit has that name
     * @throws IllegalStateException if the unit has no running process
     * @throws dev.hsu.spi.UnsupportedCapabilityException if the platform cannot deliver that signal
     */
    public void signal(String name, Signal signal) {
        Objects.requireNonNull(signal, "signal");
        Target t = target(name);
        if (t.members.size() == 1) {
            t.members.get(0).signal(signal);
            return;
        }
        int sent = 0;
        for (UnitActor a : t.members) {
            if (a.status().pid() > 0) {
                try {
                    a.signal(signal);
                    sent++;
                } catch (IllegalStateException e) {
                    // that replica ended meanwhile
                }
            }
        }
        if (sent == 0) {
            throw new IllegalStateException("no replica of unit '" + name + "' has a running process; start it first");
        }
    }

    /** The unit's status (a pool's, with its replicas; or a replica's), or empty if no unit has that name. */
    public Optional<UnitStatus> status(String name) {
        UnitGroup g;
        UnitActor a;
        synchronized (lock) {
            g = groups.get(name);
            a = instances.get(name);
        }
        if (g != null) {
            return Optional.of(g.status());
        }
        return a == null ? Optional.empty() : Optional.of(a.status());
    }

    /** Every unit's status, in registration order; a pool once, with its replicas inside. */
    public List<UnitStatus> statuses() {
        List<UnitStatus> out = new ArrayList<>();
        for (UnitGroup g : allGroups()) {
            out.add(g.status());
        }
        return out;
    }

    /** The unit as registered (a pool's template, or a replica's own unit), or empty if no unit has that name. */
    public Optional<ManagedUnit> unit(String name) {
        synchronized (lock) {
            UnitGroup g = groups.get(name);
            if (g != null) {
                return Optional.of(g.unit());
            }
            UnitActor actor = instances.get(name);
            return actor == null ? Optional.empty() : Optional.of(actor.unit());
        }
    }

    /**
     * What the unit's process tree uses now ({@link ResourceUsage#NONE} when it has no process).
     * For a pool, the first running replica's; ask each replica by name for the rest.
     *
     * @throws UnknownUnitException if no unit has that name
     */
    public ResourceUsage usage(String name) {
        for (UnitActor a : target(name).members) {
            if (a.status().pid() > 0) {
                return a.usage();
            }
        }
        return ResourceUsage.NONE;
    }

    /**
     * Adds a listener of every unit's events. Events of one unit arrive in order, one at a time;
     * events of different units may arrive concurrently. A listener that throws is logged and
     * does not affect supervision or other listeners. Listeners should be quick: a unit's events
     * queue behind a slow one.
     *
     * @return closing it removes the listener
     */
    public AutoCloseable subscribe(Consumer<UnitEvent> listener) {
        return supervision.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Disarms every schedule, drops waits for dependencies, then stops every unit, dependents
     * before what they depend on (independent ones in parallel), each bounded by its own graceful
     * timeout; then stops the timer thread. Later starts are refused. Idempotent: later calls
     * return the same future.
     *
     * @return completes when every unit is stopped
     */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> result;
        List<UnitGroup> all;
        synchronized (lock) {
            if (shutdown != null) {
                return shutdown;
            }
            result = shutdown = new CompletableFuture<>();
            supervision.beginClosing();
            all = List.copyOf(groups.values());
        }
        for (UnitGroup g : all) {
            if (g.schedule != null) {
                g.schedule.disarm();
            }
        }
        orchestrator.close().thenCompose(v -> stopInOrder(all, "master shutting down"))
                .handle((v, error) -> error)
                .thenCompose(error -> flushLogs().thenApply(v -> error))
                .whenComplete((error, ignored) -> {
            supervision.stopTimers();
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    /**
     * Re-attaches the instance {@code name} (a unit, or one replica of a pool) to the process a
     * previous master left running, described by {@code record} (see
     * {@link dev.hsu.spi.ProcessLauncher#adopt}). Call it after registering the unit and before
     * starting it. If the process is gone (or its pid now belongs to another process), nothing
     * changes and the unit can be started as usual.
     *
     * @return the status afterwards: {@link UnitState#RUNNING} with the record's pid when adopted
     * @throws UnknownUnitException if no unit or replica has that name
     * @throws IllegalArgumentException if {@code name} is a pool (name one of its replicas)
     */
    public CompletableFuture<UnitStatus> adopt(String name, dev.hsu.spi.AdoptionRecord record) {
        Objects.requireNonNull(record, "record");
        return instance(name, "adopt").adopt(record);
    }

    /** The actor of a unit or replica named {@code name}; {@code what} is said of a pool's name. */
    private UnitActor instance(String name, String what) {
        synchronized (lock) {
            UnitActor a = instances.get(name);
            if (a == null && groups.containsKey(name)) {
                throw new IllegalArgumentException("unit '" + name + "' is a pool; " + what + " each of its replicas by name");
            }
            if (a == null) {
                throw new UnknownUnitException(name, knownNames());
            }
            return a;
        }
    }

    /**
     * Continues, for the instance {@code name} (a unit, or one replica of a pool), the restart
     * series a previous master left (see {@link #restartSeries()}): its restarts count against
     * {@code restart.max_retries} and, within the window, {@code restart.window_restarts}. The
     * master's own start of the unit ({@link #startAll}) does not reset them; any other start (a
     * user's, a schedule's) does, as always. Call it after registering the unit (and
     * {@link #adopt}ing its process, if any) and before {@link #startAll}; a unit this master
     * launched keeps its own series.
     *
     * @return the status afterwards
     * @throws UnknownUnitException if no unit or replica has that name
     * @throws IllegalArgumentException if {@code name} is a pool (name one of its replicas)
     */
    public CompletableFuture<UnitStatus> restoreRestartSeries(String name, RestartSeries series) {
        Objects.requireNonNull(series, "series");
        return instance(name, "restore the restart series of").restoreSeries(series);
    }

    /**
     * For every instance (unit or replica) whose restart series has begun: where it stands, for
     * a later master (see {@link #restoreRestartSeries}). Registration order.
     */
    public Map<String, RestartSeries> restartSeries() {
        return perInstance(a -> Optional.of(a.restartSeries()).filter(s -> !s.isEmpty()));
    }

    /**
     * For every instance (unit or replica) whose process runs: what a later master needs to
     * re-attach to it. Empty where the platform cannot adopt processes. Registration order.
     */
    public Map<String, dev.hsu.spi.AdoptionRecord> adoptionRecords() {
        return perInstance(UnitActor::adoptionRecord);
    }

    /** {@code of} each instance (unit or replica) that has one, by instance name, in registration order. */
    private <T> Map<String, T> perInstance(Function<UnitActor, Optional<T>> of) {
        Map<String, T> out = new LinkedHashMap<>();
        for (UnitGroup g : allGroups()) {
            for (UnitActor a : g.members()) {
                of.apply(a).ifPresent(t -> out.put(a.unit().name(), t));
            }
        }
        return out;
    }

    /**
     * Ends supervision but leaves the units' processes running, for the next master to
     * {@link #adopt}: schedules are disarmed and waits for dependencies dropped; units that
     * cannot outlive the master ({@link KeptUnits#whyNotKeepable}) are stopped, dependents first;
     * the others are detached: their health checks and timers end and their exits are no longer
     * handled. Later starts are refused, as after {@link #shutdown()}, whose future completes too.
     *
     * <p>The processes are left as they are: whether they survive this process's exit is the
     * platform's business ({@link dev.hsu.spi.ProcessLauncher#bindToMaster}).
     *
     * @return completes when the units that could not be kept are stopped
     * @throws IllegalStateException if a shutdown is already under way
     */
    public CompletableFuture<KeptUnits> shutdownKeepingUnits() {
        CompletableFuture<Void> done;
        List<UnitGroup> all;
        synchronized (lock) {
            if (shutdown != null) {
                throw new IllegalStateException("the master is already shutting down");
            }
            done = shutdown = new CompletableFuture<>();
            supervision.beginClosing();
            all = List.copyOf(groups.values());
        }
        Map<String, String> stopped = new java.util.concurrent.ConcurrentHashMap<>();
        List<UnitGroup> toStop = new ArrayList<>();
        List<UnitGroup> toKeep = new ArrayList<>();
        for (UnitGroup g : all) {
            if (g.schedule != null) {
                g.schedule.disarm();
            }
            Optional<String> why = KeptUnits.whyNotKeepable(g.unit());
            if (why.isPresent()) {
                toStop.add(g);
                g.members().forEach(a -> stopped.put(a.unit().name(), why.get()));
            } else {
                toKeep.add(g);
            }
        }
        Map<String, Long> kept = new java.util.concurrent.ConcurrentHashMap<>();
        CompletableFuture<KeptUnits> result = orchestrator.close()
                .thenCompose(v -> CompletableFuture.allOf(toKeep.stream().flatMap(g -> g.members().stream())
                        .map(a -> a.detach().thenAccept(st -> {
                            if (st.pid() > 0 && a.adoptionRecord().isPresent()) {
                                kept.put(st.name(), st.pid());
                            } else {
                                stopped.put(st.name(), st.pid() > 0
                                        ? "this platform cannot re-attach to a running process"
                                        : "it had no running process (" + st.state() + ")");
                            }
                        })).toArray(CompletableFuture[]::new)))
                .thenCompose(v -> stopInOrder(toStop, "master shutting down (not kept: its output goes through "
                        + "the master)"))
                .thenCompose(v -> flushLogs())
                .thenApply(v -> new KeptUnits(kept, stopped));
        result.whenComplete((r, error) -> {
            supervision.stopTimers();
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(null);
            }
        });
        return result;
    }

    /**
     * Waits (on a virtual thread) until the log files have the last output of the stopped units:
     * a pipe held back by back-pressure can still hold some after its process was reaped.
     */
    private CompletableFuture<Void> flushLogs() {
        return CompletableFuture.runAsync(() -> {
            try {
                if (!supervision.logFiles.awaitIdle(LOG_FLUSH_TIMEOUT)) {
                    LOG.log(System.Logger.Level.WARNING, "some unit output was still being written to log files "
                            + Durations.format(LOG_FLUSH_TIMEOUT) + " after the units stopped; it may be cut short");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, task -> Thread.ofVirtual().name("hsu-log-flush").start(task));
    }

    /**
     * The file a unit's (or replica's) {@code stream} goes to: a {@code log} file the master
     * writes or a {@code file} the child writes; empty when it goes to the console or nowhere, or
     * when no unit has that name. For a pool, empty: ask a replica.
     */
    public Optional<Path> outputFile(String name, OutputStream stream) {
        Optional<ManagedUnit> unit = unit(name);
        if (unit.isEmpty() || unit.get().isPool()) {
            return Optional.empty();
        }
        ManagedUnit u = unit.get();
        OutputRedirect r = stream == OutputStream.STDOUT ? u.stdout() : u.stderr();
        return switch (r) {
            case OutputRedirect.Log l -> Optional.of(LaunchSpecs.logPath(u, l, supervision.settings));
            case OutputRedirect.File f -> Optional.of(LaunchSpecs.logDirectory(u, supervision.settings)
                    .resolve(f.path()).normalize());
            default -> Optional.empty();
        };
    }

    /** {@code shutdown().join()}. */
    @Override
    public void close() {
        shutdown().join();
    }

    // ---- internals ---------------------------------------------------------------------------

    /** What a name designates: a whole unit (all its instances) or one replica. */
    private record Target(UnitGroup group, List<UnitActor> members) {
        /** The whole unit or pool, not one replica of it. */
        boolean wholeGroup() {
            return members.size() == group.members().size();
        }
    }

    private Target target(String name) {
        synchronized (lock) {
            UnitGroup g = groups.get(name);
            if (g != null) {
                return new Target(g, g.members());
            }
            UnitActor a = instances.get(name);
            if (a != null) {
                return new Target(groupOf.get(name), List.of(a));
            }
            throw new UnknownUnitException(name, knownNames());
        }
    }

    private UnitGroup groupNamed(String name) {
        synchronized (lock) {
            UnitGroup g = groups.get(name);
            if (g == null) {
                throw new UnknownUnitException(name, knownNames());
            }
            return g;
        }
    }

    private List<String> knownNames() {
        List<String> names = new ArrayList<>(groups.keySet());
        for (String n : instances.keySet()) {
            if (!groups.containsKey(n)) {
                names.add(n);
            }
        }
        return names;
    }

    private UnitGroup group(String name) {
        synchronized (lock) {
            return groups.get(name);
        }
    }

    private UnitGroup groupOfInstance(String instance) {
        synchronized (lock) {
            return groupOf.get(instance);
        }
    }

    private List<UnitGroup> allGroups() {
        synchronized (lock) {
            return List.copyOf(groups.values());
        }
    }

    private UnitStatus statusNow(String name) {
        return status(name).orElseGet(() -> new UnitStatus(name, UnitState.STOPPED, -1, supervision.now(), null, 0,
                null, "no longer registered"));
    }

    /** A one-instance target's own status as its operation left it; a pool's status now. */
    private UnitStatus result(Target t, List<UnitStatus> statuses, String name) {
        return t.members.size() == 1 && statuses.size() == 1 ? statuses.get(0) : statusNow(name);
    }

    private CompletableFuture<Void> startGroupGated(UnitGroup g, StartOrigin origin) {
        return orchestrator.start(g, g.members(), origin).thenApply(list -> null);
    }

    /** Drops a wait for dependencies, then stops every instance in parallel. */
    private CompletableFuture<Void> stopGroup(UnitGroup g, String why) {
        return orchestrator.cancel(g).thenCompose(v -> CompletableFuture.allOf(
                g.members().stream().map(a -> a.stop(why)).toArray(CompletableFuture[]::new)));
    }

    /** Stops {@code units}, each after every unit among them that depends on it. */
    private CompletableFuture<Void> stopInOrder(List<UnitGroup> units, String why) {
        Map<String, UnitGroup> byName = new LinkedHashMap<>();
        units.forEach(g -> byName.put(g.name(), g));
        Map<String, List<UnitGroup>> dependents = new HashMap<>();
        for (UnitGroup g : units) {
            for (Dependency d : g.unit().dependsOn()) {
                if (byName.containsKey(d.unit())) {
                    dependents.computeIfAbsent(d.unit(), k -> new ArrayList<>()).add(g);
                }
            }
        }
        Map<String, CompletableFuture<Void>> done = new HashMap<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (UnitGroup g : units) {
            all.add(stopAfterDependents(g, dependents, done, why));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> stopAfterDependents(UnitGroup g, Map<String, List<UnitGroup>> dependents,
                                                        Map<String, CompletableFuture<Void>> done, String why) {
        CompletableFuture<Void> known = done.get(g.name());
        if (known != null) {
            return known;
        }
        List<CompletableFuture<Void>> first = new ArrayList<>();
        for (UnitGroup d : dependents.getOrDefault(g.name(), List.of())) {
            first.add(stopAfterDependents(d, dependents, done, why));
        }
        // A dependent's failed stop must not keep its dependency running: go on either way.
        CompletableFuture<Void> mine = CompletableFuture.allOf(first.toArray(CompletableFuture[]::new))
                .handle((v, e) -> null).thenCompose(v -> stopGroup(g, why));
        done.put(g.name(), mine);
        return mine;
    }

    /** Internal listener: feeds the orchestrator and the schedules. */
    private void route(UnitEvent event) {
        orchestrator.onEvent(event);
        if (event instanceof UnitEvent.StateChanged) {
            UnitGroup g = groupOfInstance(event.unit());
            if (g != null && g.schedule != null) {
                g.schedule.onGroupEvent();
            }
        }
    }

    private void ensureOpen() {
        if (shutdown != null) {
            throw new IllegalStateException("the master is shut down; create a new one");
        }
    }
}

package dev.hsu.core;

import dev.hsu.core.health.CheckAttempt;
import dev.hsu.core.health.ExecCheck;
import dev.hsu.core.health.HttpCheck;
import dev.hsu.core.health.Probe;
import dev.hsu.core.health.ProcessCheck;
import dev.hsu.core.health.TcpCheck;
import dev.hsu.core.unit.HealthCheck;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.core.unit.RestartSpec;
import dev.hsu.spi.AdoptionRecord;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.PreparedLaunch;
import dev.hsu.spi.ResourceUsage;
import dev.hsu.spi.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Predicate;

/**
 * The supervisor of one unit: an actor owning the unit's state machine. Every state mutation
 * happens in a task of its {@link SerialExecutor mailbox}; commands, process exits and timers
 * arrive there as messages. Nothing here blocks for long: the graceful timeout and the restart
 * delay are timers, and the process exit is an event.
 *
 * <p>After <em>any</em> exit of the main process, stopped or not, whatever it left behind in its
 * process group / cgroup / job is killed ({@link dev.hsu.spi.ProcessSignaller#killTree}), like
 * systemd's {@code KillMode=control-group}: a unit's run ends with its whole tree, so a restart
 * never meets its predecessor's orphans.
 *
 * <p>Events and the completion of command futures go through a second mailbox, so listeners see
 * each unit's events in order, a slow listener never delays supervision, and a future completes
 * only after the events that led to it were delivered.
 *
 * <p>Health: while the process runs, a {@link Probe} runs its {@code health_check} (and one
 * its {@code readiness_check}); their verdicts come back as messages. A {@code health_check}
 * that turns unhealthy stops the process (stop signal, then kill after the graceful timeout) and
 * its exit is handled by the restart policy with the cause {@link ExitCause.Unhealthy}.
 *
 * <p>Immediate restarts: when the next restart would come without delay (restart delay 0, budget
 * left), the next run is prepared ahead ({@link dev.hsu.spi.ProcessLauncher#prepare}, with its
 * own confinement) and armed on the running process
 * ({@link LaunchedProcess#respawnOnExit}): the platform starts it on its event thread the moment
 * the process exits, and this actor then takes the new process over as the restart its policy
 * asked for. Every stop disarms first; a replacement the policy does not want after all (the
 * master began closing, say) is killed at once.
 *
 * <p>Thread-safety: the public-to-package methods may be called from any thread.
 */
final class UnitActor {
    private static final System.Logger LOG = System.getLogger(UnitActor.class.getName());
    /**
     * How long a run started by a user (or the master's start) runs before its replacement is
     * prepared: keeps the preparation (pipes, a cgroup) out of a start-up burst of many units.
     * A run that is itself an immediate restart prepares the next at once.
     */
    static final Duration ARM_AFTER_START = Duration.ofSeconds(1);
    /** Overrides {@link #ARM_AFTER_START}, in milliseconds (0: prepare at once); read per unit. */
    static final String ARM_AFTER_START_PROPERTY = "hsu.restart.prepareAfterMillis";

    /** A prepared next run, armed on the running process, and the confinement it was made in. */
    private record Armed(PreparedLaunch prepared, Confinement confinement) {
    }

    /** The process the platform started from an {@link Armed} run at its predecessor's exit. */
    private record Replacement(LaunchedProcess process, Confinement confinement) {
    }

    private final ManagedUnit unit;
    private final Supervision sv;
    private final SerialExecutor mailbox;
    private final SerialExecutor outbox;
    private final RestartBackoff backoff;
    private final Duration armAfterStart;
    private final String pool;

    // Confined to the mailbox.
    private UnitState state = UnitState.REGISTERED;
    private Instant since;
    private String reason;
    private LaunchedProcess process;
    private Confinement confinement;
    private Instant startedAt;
    private long startedNanos;
    private int restarts;
    /** The restart series as of the last {@link #publish}, for the state file. */
    private volatile RestartSeries series = RestartSeries.NONE;
    /** {@link RestartBackoff#changes()} and the run's start when {@link #series} was made. */
    private int seriesChanges = -1;
    private Instant seriesRunningSince;
    /** Set by {@link #restoreSeries}: the next start, if the master's own, continues that series. */
    private boolean keepSeriesOnce;
    /** Whether this master has launched the unit (a restored series then no longer applies). */
    private boolean launchedHere;
    private ExitCause lastExit;
    private ScheduledFuture<?> timer;
    private long timerGeneration;
    private Armed armed;
    private ScheduledFuture<?> armTimer;
    private boolean forcedKill;
    private String forcedReason;
    private boolean startAfterStop;
    private boolean retiring;
    /** Left running for a later master (keep-units): nothing of this run is handled any more. */
    private boolean detached;
    private List<CompletableFuture<UnitStatus>> startWaiters = List.of();
    private List<CompletableFuture<UnitStatus>> stopWaiters = List.of();
    private Probe liveness;
    private Probe readiness;
    /** The readiness gate's verdict; null when the unit has no check. */
    private HealthState health;
    /** Set when a failed health_check stopped the process: its exit is then a failure, not a stop. */
    private String unhealthyDetail;

    // Published for readers on other threads.
    private volatile UnitStatus status;
    private volatile LaunchedProcess current;

    UnitActor(ManagedUnit unit, Supervision sv) {
        this(unit, sv, null);
    }

    /** @param pool the pool's name for a replica, else null */
    UnitActor(ManagedUnit unit, Supervision sv, String pool) {
        this.unit = unit;
        this.sv = sv;
        this.pool = pool;
        this.health = unit.readinessGate() == null ? null : HealthState.UNKNOWN;
        this.mailbox = new SerialExecutor(sv.actorThreads, "unit " + unit.name());
        this.outbox = new SerialExecutor(sv.actorThreads, "events of unit " + unit.name());
        this.backoff = new RestartBackoff(unit.restart(), sv.jitter);
        this.armAfterStart = armAfterStart();
        this.since = sv.now();
        publish();
    }

    ManagedUnit unit() {
        return unit;
    }

    UnitStatus status() {
        return status;
    }

    // ---- commands (any thread) -------------------------------------------------------------

    CompletableFuture<UnitStatus> start(StartOrigin origin) {
        CompletableFuture<UnitStatus> f = new CompletableFuture<>();
        mailbox.execute(() -> onStart(f, false, origin));
        return f;
    }

    CompletableFuture<UnitStatus> restart() {
        CompletableFuture<UnitStatus> f = new CompletableFuture<>();
        mailbox.execute(() -> onStart(f, true, StartOrigin.USER));
        return f;
    }

    CompletableFuture<UnitStatus> stop(String why) {
        CompletableFuture<UnitStatus> f = new CompletableFuture<>();
        mailbox.execute(() -> onStop(f, why));
        return f;
    }

    /** Stops the unit for good: later starts are refused. */
    CompletableFuture<UnitStatus> retire() {
        CompletableFuture<UnitStatus> f = new CompletableFuture<>();
        mailbox.execute(() -> {
            retiring = true;
            onStop(f, "unregistered");
        });
        return f;
    }

    /**
     * Takes over the process a previous master left running (see
     * {@link dev.hsu.spi.ProcessLauncher#adopt}), if the unit has no process and that one still
     * runs: the unit is then {@code RUNNING} with it, its health checks start, and its exit is
     * handled as any other. Otherwise nothing changes.
     *
     * @return the status afterwards: {@code RUNNING} with the record's pid when adopted
     */
    CompletableFuture<UnitStatus> adopt(AdoptionRecord record) {
        CompletableFuture<UnitStatus> f = new CompletableFuture<>();
        mailbox.execute(() -> onAdopt(f, record));
        return f;
    }

    /**
     * Stops supervising without stopping: the process (if any) keeps running for a later master
     * to adopt; timers and checks end, its exit is no longer handled and later commands are
     * refused.
     */
    CompletableFuture<UnitStatus> detach() {
        CompletableFuture<UnitStatus> f = new CompletableFuture<>();
        mailbox.execute(() -> {
            if (!detached) {
                detached = true;
                cancelTimer();
                disarm();
                stopProbes();
                if (process != null) {
                    reason = "left running for the next master (pid " + process.pid() + ")";
                    publish();
                }
            }
            completeLater(f, status);
        });
        return f;
    }

    /**
     * Continues the restart series a previous master left (see {@link RestartBackoff#restore}),
     * if this master has not launched the unit: one it re-attached to keeps running with that
     * series; one not started yet continues it from its next start, the master's own, which does
     * not reset it as a start does. Otherwise nothing changes.
     */
    CompletableFuture<UnitStatus> restoreSeries(RestartSeries carried) {
        CompletableFuture<UnitStatus> f = new CompletableFuture<>();
        mailbox.execute(() -> {
            boolean fresh = state == UnitState.REGISTERED || state == UnitState.RUNNING;
            if (fresh && !launchedHere && !detached && !retiring && !sv.closing()) {
                backoff.restore(carried, System.nanoTime(), sv.now());
                keepSeriesOnce = state == UnitState.REGISTERED;
                publish();
            }
            completeLater(f, status);
        });
        return f;
    }

    /** The restart series as it stands (any thread). */
    RestartSeries restartSeries() {
        return series;
    }

    /** What a later master needs to adopt the running process; empty when none runs or the platform cannot. */
    Optional<AdoptionRecord> adoptionRecord() {
        LaunchedProcess p = current;
        if (p == null) {
            return Optional.empty();
        }
        try {
            return p.adoptionRecord();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unit '" + unit.name() + "': no adoption record for pid " + p.pid(), e);
            return Optional.empty();
        }
    }

    /** Shows that a start waits for dependencies, unless the unit runs or is already waiting. */
    void markWaiting(String why) {
        mailbox.execute(() -> holdIdle(UnitState.WAITING, why));
    }

    /**
     * A start gave up (a dependency failed): {@code BLOCKED} with {@code why}. Also from the idle
     * states a waiting start leaves ({@link #markWaiting}'s): a dependency found failed at the
     * very first look never made the unit wait, and it must not stay {@code REGISTERED} without a
     * word. A unit with a process is left alone.
     */
    CompletableFuture<UnitStatus> block(String why) {
        CompletableFuture<UnitStatus> f = new CompletableFuture<>();
        mailbox.execute(() -> {
            holdIdle(UnitState.BLOCKED, why);
            completeLater(f, status);
        });
        return f;
    }

    /**
     * A unit without a process (idle, waiting or blocked) goes to {@code held} (WAITING or
     * BLOCKED) with {@code why}; one already there only takes the new reason. A unit with a
     * process is left alone. Mailbox only.
     */
    private void holdIdle(UnitState held, String why) {
        switch (state) {
            case REGISTERED, STOPPED, FAILED, EXITED, WAITING, BLOCKED -> {
                if (state == held) {
                    reason = why;
                    publish();
                } else {
                    transition(held, why);
                }
            }
            default -> { }
        }
    }

    /** Sends {@code signal} to the main process, on the caller's thread. */
    void signal(Signal signal) {
        LaunchedProcess p = current;
        if (p == null) {
            throw new IllegalStateException("unit '" + unit.name() + "' has no running process (state "
                    + status.state() + "); start it first");
        }
        sv.platform.signaller().signal(p, signal);
    }

    /** A usage sample of the running process tree; {@link ResourceUsage#NONE} when none runs. */
    ResourceUsage usage() {
        LaunchedProcess p = current;
        return p == null ? ResourceUsage.NONE : sv.platform.meter().sample(p);
    }

    // ---- message handlers (mailbox only) ---------------------------------------------------

    private void onAdopt(CompletableFuture<UnitStatus> f, AdoptionRecord record) {
        boolean idle = switch (state) {
            case REGISTERED, STOPPED, FAILED, EXITED, BLOCKED -> true;
            default -> false;
        };
        if (!idle || retiring || detached || sv.closing()) {
            completeLater(f, status);
            return;
        }
        Optional<LaunchedProcess> found;
        try {
            found = sv.platform.launcher().adopt(record);
        } catch (LaunchException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unit '" + unit.name() + "': cannot re-attach to pid " + record.pid()
                    + " left by the previous master: " + e.getMessage());
            completeLater(f, status);
            return;
        }
        if (found.isEmpty()) {
            completeLater(f, status);
            return;
        }
        LaunchedProcess p = found.get();
        process = p;
        current = p;
        confinement = p.confinement();
        Instant began = p.startTime();
        startedAt = began.equals(Instant.EPOCH) ? sv.now() : began;
        Duration ran = Duration.between(startedAt, sv.now());
        startedNanos = System.nanoTime() - (ran.isNegative() ? 0 : ran.toNanos());
        backoff.reset();
        emit(new UnitEvent.ProcessStarted(unit.name(), startedAt, p.pid()));
        transition(UnitState.RUNNING, "re-attached: left running by the previous master");
        p.onExit().whenComplete((st, err) -> mailbox.execute(() -> onExit(p, st, err)));
        startProbes(p);
        completeLater(f, status);
    }

    private void onStart(CompletableFuture<UnitStatus> f, boolean restartRequested, StartOrigin origin) {
        boolean keepSeries = keepSeriesOnce && origin == StartOrigin.AUTO_START;
        keepSeriesOnce = false;
        if (detached) {
            f.completeExceptionally(new IllegalStateException("unit '" + unit.name()
                    + "' was left running for the next master"));
            return;
        }
        if (retiring) {
            f.completeExceptionally(new IllegalStateException("unit '" + unit.name() + "' was unregistered"));
            return;
        }
        if (sv.closing()) {
            f.completeExceptionally(new IllegalStateException("the master is shutting down; unit '"
                    + unit.name() + "' was not started"));
            return;
        }
        if (origin == StartOrigin.DEPENDENCY && !startableByDependent(state)) {
            // The orchestrator saw it idle, but something started it since (startAll starts a
            // unit and its dependents at once): it may even have failed or completed already,
            // and a dependent's start must not run it a second time.
            completeLater(f, status);
            return;
        }
        switch (state) {
            case RUNNING -> {
                if (restartRequested) {
                    startAfterStop = true;
                    startWaiters = add(startWaiters, f);
                    beginStop("restart requested");
                } else {
                    completeLater(f, status);
                }
            }
            case STOPPING, STARTING -> {
                startAfterStop = true;
                startWaiters = add(startWaiters, f);
            }
            case BACKOFF, REGISTERED, STOPPED, FAILED, EXITED, WAITING, BLOCKED -> {
                if (state == UnitState.BACKOFF) {
                    cancelTimer(); // the restart it waited for happens now
                }
                if (!keepSeries) {
                    backoff.reset();
                }
                startWaiters = add(startWaiters, f);
                launch(startReason(restartRequested, origin, keepSeries));
            }
        }
    }

    /**
     * Whether a dependent's start may start a unit in {@code state}: nothing started it, or a user
     * stopped it. Not a unit that failed or completed: something started it and it ran, so its
     * dependents block with its failure (or go on) instead of running it again.
     */
    static boolean startableByDependent(UnitState state) {
        return state == UnitState.REGISTERED || state == UnitState.STOPPED || state == UnitState.BLOCKED;
    }

    private String startReason(boolean restartRequested, StartOrigin origin, boolean keepSeries) {
        if (restartRequested) {
            return "restarted by user";
        }
        int used = backoff.attempts();
        if (keepSeries && used > 0) {
            return origin.reason() + "; continues the previous master's restart series (" + used + " restart"
                    + (used == 1 ? "" : "s") + " used)";
        }
        return origin.reason();
    }

    private void onStop(CompletableFuture<UnitStatus> f, String why) {
        if (detached) {
            completeLater(f, status); // its process belongs to the next master now
            return;
        }
        startAfterStop = false;
        keepSeriesOnce = false;
        unhealthyDetail = null; // a stop asked for now is a stop, whatever began the one under way
        switch (state) {
            case RUNNING -> {
                stopWaiters = add(stopWaiters, f);
                beginStop(why);
            }
            case STOPPING, STARTING -> stopWaiters = add(stopWaiters, f);
            case BACKOFF -> {
                cancelTimer();
                transition(UnitState.STOPPED, "stopped while waiting to restart (" + why + ")");
                completeAll(startWaiters);
                startWaiters = List.of();
                completeLater(f, status);
            }
            case WAITING -> {
                transition(UnitState.STOPPED, "stopped while waiting for its dependencies (" + why + ")");
                completeLater(f, status);
            }
            case REGISTERED, STOPPED, FAILED, EXITED, BLOCKED -> {
                completeAll(startWaiters);
                startWaiters = List.of();
                completeLater(f, status);
            }
        }
    }

    private void beginStop(String why) {
        LaunchedProcess p = process;
        disarm();
        stopProbes();
        transition(UnitState.STOPPING, why);
        forcedKill = false;
        forcedReason = null;
        try {
            sv.platform.signaller().signalTree(p, unit.stopSignal());
        } catch (RuntimeException e) {
            forceKill(p, "could not send " + unit.stopSignal().signalName() + " (" + e.getMessage() + ")");
            return;
        }
        schedule(unit.gracefulTimeout(), () -> {
            if (state == UnitState.STOPPING && process == p) {
                forceKill(p, "still running " + Durations.format(unit.gracefulTimeout()) + " after "
                        + unit.stopSignal().signalName());
            }
        });
    }

    private void forceKill(LaunchedProcess p, String why) {
        forcedKill = true;
        forcedReason = why;
        killTree(p, System.Logger.Level.ERROR, "forced kill of");
    }

    /** Kills {@code p}'s whole tree; a failure is logged as "{@code doing} pid N failed". */
    private void killTree(LaunchedProcess p, System.Logger.Level level, String doing) {
        try {
            sv.platform.signaller().killTree(p);
        } catch (RuntimeException e) {
            LOG.log(level, "unit '" + unit.name() + "': " + doing + " pid " + p.pid() + " failed", e);
        }
    }

    private void launch(String why) {
        launchedHere = true;
        transition(UnitState.STARTING, why);
        Confinement c = null;
        try {
            c = confineRun();
            LaunchedProcess p = sv.platform.launcher().launch(specIn(c));
            running(p, c, armAfterStart.isZero());
            if (!armAfterStart.isZero()) {
                scheduleArm(p);
            }
        } catch (LaunchException e) {
            launchFailed(c, e.getMessage());
            return;
        } catch (RuntimeException e) {
            launchFailed(c, "could not start unit '" + unit.name() + "': " + e);
            return;
        }
        completeAll(startWaiters);
        startWaiters = List.of();
    }

    /** A fresh confinement for one run, with the limits this platform can enforce. */
    private Confinement confineRun() {
        return sv.platform.limiter().confine(unit.name(),
                LaunchSpecs.enforceable(unit.resources(), sv.platform.capabilities().enforceableLimits()));
    }

    /** What the platform launches for one run in {@code c}. */
    private LaunchSpec specIn(Confinement c) throws LaunchException {
        return LaunchSpecs.build(unit, sv.settings, c, sv.logFiles);
    }

    /**
     * The new run {@code p} (in {@code c}) is the unit's process now.
     *
     * @param armNow prepare and arm its replacement before anyone sees it running
     */
    private void running(LaunchedProcess p, Confinement c, boolean armNow) {
        process = p;
        current = p;
        confinement = c;
        if (armNow) {
            arm(p);
        }
        startedAt = sv.now();
        startedNanos = System.nanoTime();
        emit(new UnitEvent.ProcessStarted(unit.name(), startedAt, p.pid()));
        transition(UnitState.RUNNING, null);
        p.onExit().whenComplete((st, err) -> mailbox.execute(() -> onExit(p, st, err)));
        startProbes(p);
    }

    /** The platform started {@code r} in its predecessor's place: it is the restart the policy asked for. */
    private void takeOver(LaunchedProcess r, Confinement c, String why) {
        transition(UnitState.STARTING, why + " (prepared: started at the exit)");
        running(r, c, true);
        completeAll(startWaiters);
        startWaiters = List.of();
    }

    // ---- immediate restarts (mailbox only) -------------------------------------------------

    private void scheduleArm(LaunchedProcess p) {
        cancelArmTimer();
        if (!wantsArming()) {
            return;
        }
        armTimer = sv.schedule(armAfterStart, () -> mailbox.execute(() -> {
            if (process == p && state == UnitState.RUNNING) {
                armTimer = null;
                arm(p);
            }
        }));
    }

    /** Whether the next exit of a running process would be restarted at once by the policy. */
    private boolean wantsArming() {
        return unit.restart().policy() != RestartPolicy.NEVER && backoff.nextIsImmediate(System.nanoTime())
                && !retiring && !detached && !sv.closing();
    }

    /** Prepares the next run and arms it on {@code p}, where the platform can and the policy wants it. */
    private void arm(LaunchedProcess p) {
        if (armed != null || p != process || !wantsArming()) {
            return;
        }
        Confinement c = null;
        PreparedLaunch prepared = null;
        try {
            c = confineRun();
            prepared = sv.platform.launcher().prepare(specIn(c)).orElse(null);
            if (prepared != null && p.respawnOnExit(prepared, restartsOn(unit.restart().policy()))) {
                armed = new Armed(prepared, c);
                return;
            }
        } catch (LaunchException | RuntimeException e) {
            // The restart will take the usual path, which reports what is wrong then.
            LOG.log(System.Logger.Level.DEBUG, "unit '" + unit.name() + "': no prepared restart: " + e.getMessage());
        }
        discard(new Armed(prepared, c));
    }

    private static Duration armAfterStart() {
        String value = System.getProperty(ARM_AFTER_START_PROPERTY);
        if (value == null) {
            return ARM_AFTER_START;
        }
        try {
            return Duration.ofMillis(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "-D" + ARM_AFTER_START_PROPERTY + "=" + value
                    + " is not a number of milliseconds; using " + ARM_AFTER_START.toMillis());
            return ARM_AFTER_START;
        }
    }

    /** The exit statuses {@code policy} restarts (see {@link ExitCause#isFailure()}). */
    private static Predicate<ExitStatus> restartsOn(RestartPolicy policy) {
        return policy == RestartPolicy.ON_FAILURE
                ? s -> !(s instanceof ExitStatus.Exited e && e.code() == 0)
                : s -> true;
    }

    /** Takes back the armed next run, unless the platform has already taken it (then the exit settles it). */
    private void disarm() {
        cancelArmTimer();
        if (armed != null && process != null && process.cancelRespawn()) {
            discard(armed);
            armed = null;
        }
    }

    private void discard(Armed a) {
        if (a.prepared() != null) {
            try {
                a.prepared().close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "unit '" + unit.name() + "': freeing a prepared launch failed", e);
            }
        }
        release(a.confinement());
    }

    private void cancelArmTimer() {
        if (armTimer != null) {
            armTimer.cancel(false);
            armTimer = null;
        }
    }

    /** A replacement nobody wants: ended at once, its confinement released when it is gone. */
    private void dismiss(Replacement r) {
        LaunchedProcess p = r.process();
        killTree(p, System.Logger.Level.WARNING, "ending the unwanted restart");
        p.onExit().whenComplete((st, err) -> mailbox.execute(() -> {
            killTree(p, System.Logger.Level.WARNING, "cleaning up after");
            release(r.confinement());
        }));
    }

    private void launchFailed(Confinement c, String error) {
        // A path or PATH in the message may hold a value expanded from an env_file.
        String message = unit.secrets().redact(error);
        release(c);
        lastExit = new ExitCause.LaunchFailed(message);
        startAfterStop = false;
        // No retries: a missing binary or directory does not appear by retrying.
        transition(UnitState.FAILED, message);
        completeAll(startWaiters);
        startWaiters = List.of();
        completeAll(stopWaiters);
        stopWaiters = List.of();
    }

    private void onExit(LaunchedProcess p, ExitStatus exitStatus, Throwable error) {
        if (p != process) {
            return;
        }
        cancelArmTimer();
        Replacement replacement = null;
        Armed next = armed;
        armed = null;
        if (next != null) {
            replacement = p.replacement().map(r -> new Replacement(r, next.confinement())).orElse(null);
            if (replacement == null) {
                discard(next);
            }
        }
        boolean taken = false;
        try {
            taken = !detached && handleExit(p, exitStatus, error, replacement);
        } finally {
            if (replacement != null && !taken) {
                dismiss(replacement);
            }
        }
    }

    /**
     * @param replacement the run the platform already started at this exit, or null
     * @return whether the replacement was taken over as the restart
     */
    private boolean handleExit(LaunchedProcess p, ExitStatus exitStatus, Throwable error, Replacement replacement) {
        Duration ranFor = Duration.ofNanos(System.nanoTime() - startedNanos);
        boolean healthStop = state == UnitState.STOPPING && unhealthyDetail != null;
        boolean stopping = state == UnitState.STOPPING && !healthStop;
        ExitCause cause;
        if (exitStatus == null) {
            LOG.log(System.Logger.Level.ERROR, "unit '" + unit.name() + "': the platform gave no exit status", error);
            cause = new ExitCause.Killed("unknown (the platform gave no exit status: " + error + ")");
        } else if (healthStop) {
            cause = new ExitCause.Unhealthy(unhealthyDetail, exitStatus);
        } else {
            cause = stopping ? new ExitCause.Stopped(forcedKill, exitStatus) : classify(exitStatus);
        }
        unhealthyDetail = null;
        stopProbes();
        cancelTimer();
        killTree(p, System.Logger.Level.WARNING, "cleaning up after"); // KillMode=control-group
        release(confinement);
        process = null;
        current = null;
        confinement = null;
        lastExit = cause;
        emit(new UnitEvent.ProcessExited(unit.name(), sv.now(), p.pid(), cause, ranFor));
        resetHealth();

        if (stopping) {
            stopped(cause);
        } else if (sv.closing() || retiring) {
            transition(UnitState.STOPPED, cause.describe() + "; not restarted: the master is shutting down");
        } else {
            return afterExit(cause, ranFor, replacement);
        }
        return false;
    }

    private void stopped(ExitCause cause) {
        String why = forcedKill ? "stopped forcibly: " + forcedReason + ", so killed (" + stoppedStatus(cause) + ")"
                : cause.describe();
        transition(UnitState.STOPPED, why);
        completeAll(stopWaiters);
        stopWaiters = List.of();
        if (startAfterStop && !retiring && !sv.closing()) {
            startAfterStop = false;
            backoff.reset();
            launch("restarted by user");
        } else {
            startAfterStop = false;
            completeAll(startWaiters);
            startWaiters = List.of();
        }
    }

    private static String stoppedStatus(ExitCause cause) {
        return cause instanceof ExitCause.Stopped s ? s.status().toString() : cause.describe();
    }

    /** @return whether {@code replacement} (may be null) was taken over as the restart */
    private boolean afterExit(ExitCause cause, Duration ranFor, Replacement replacement) {
        RestartPolicy policy = unit.restart().policy();
        boolean due = switch (policy) {
            case NEVER -> false;
            case ON_FAILURE -> cause.isFailure();
            case ALWAYS, UNLESS_STOPPED -> true;
        };
        if (!due) {
            if (cause.isFailure()) {
                transition(UnitState.FAILED, cause.describe() + "; restart policy " + policy.configName()
                        + " does not restart it");
            } else {
                transition(UnitState.EXITED, "completed (" + cause.describe() + ")");
            }
            return false;
        }
        backoff.runEnded(ranFor);
        if (backoff.exhausted()) {
            int used = backoff.attempts();
            transition(UnitState.FAILED, "gave up after " + used + " restart" + (used == 1 ? "" : "s")
                    + " (restart.max_retries " + unit.restart().maxRetries() + "); last exit: " + cause.describe());
            return false;
        }
        long now = System.nanoTime();
        if (backoff.windowFull(now)) {
            RestartSpec r = unit.restart();
            transition(UnitState.FAILED, "gave up: " + backoff.inWindow() + " restart"
                    + (backoff.inWindow() == 1 ? "" : "s") + " within the last " + Durations.format(r.window())
                    + " (restart.window_restarts " + r.windowRestarts() + ", restart.window "
                    + Durations.format(r.window()) + "); last exit: " + cause.describe());
            return false;
        }
        int attempt = backoff.attempts() + 1;
        Duration delay = backoff.next(now);
        emit(new UnitEvent.RestartScheduled(unit.name(), sv.now(), attempt, delay));
        String why = "restart " + attempt + " after " + cause.describe();
        if (delay.isZero()) {
            restarts++;
            if (replacement != null) {
                takeOver(replacement.process(), replacement.confinement(), why);
                return true;
            }
            launch(why); // on the exit path itself: no timer hop
            return false;
        }
        transition(UnitState.BACKOFF, cause.describe() + "; restart " + attempt + " in " + Durations.format(delay));
        schedule(delay, () -> {
            if (state == UnitState.BACKOFF) {
                restarts++;
                launch(why);
            }
        });
        return false;
    }

    private ExitCause classify(ExitStatus exitStatus) {
        return switch (exitStatus) {
            case ExitStatus.Exited e -> new ExitCause.Exited(e.code());
            case ExitStatus.Killed k -> explain(exitStatus).orElseGet(() -> new ExitCause.Killed(k.signalName()));
            case ExitStatus.Unknown u -> explain(exitStatus).orElseGet(() -> new ExitCause.Unknown(u.reason()));
        };
    }

    private Optional<ExitCause> explain(ExitStatus exitStatus) {
        Optional<LimitViolation> violation = Optional.empty();
        try {
            violation = sv.platform.limiter().explainExit(confinement, exitStatus);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unit '" + unit.name()
                    + "': could not ask the platform why the process was killed", e);
        }
        return violation.map(ExitCause.LimitExceeded::new);
    }

    // ---- health (mailbox only) -------------------------------------------------------------

    private void startProbes(LaunchedProcess p) {
        HealthCheck live = unit.healthCheck();
        HealthCheck ready = unit.readinessCheck();
        if (live != null) {
            liveness = probe(p, live, true, ready == null);
            liveness.start();
        }
        if (ready != null) {
            readiness = probe(p, ready, false, true);
            readiness.start();
        }
    }

    private Probe probe(LaunchedProcess p, HealthCheck check, boolean isLiveness, boolean isGate) {
        return new Probe(check, attempt(check, p), sv::schedule, (from, to, detail, n) ->
                mailbox.execute(() -> onVerdict(p, isLiveness, isGate, from, to, detail, n)));
    }

    private CheckAttempt attempt(HealthCheck c, LaunchedProcess p) {
        return switch (c.type()) {
            case HTTP -> new HttpCheck(sv.httpClient(), c);
            case TCP -> new TcpCheck(c);
            case EXEC -> new ExecCheck(sv.platform, unit.name(), c, LaunchSpecs.environment(unit, sv.settings),
                    unit.workingDirectory(), unit.identity() == null ? null : unit.identity().processIdentity(),
                    unit.umask());
            case PROCESS -> new ProcessCheck(p);
        };
    }

    private void onVerdict(LaunchedProcess p, boolean isLiveness, boolean isGate, HealthState from, HealthState to,
                           String detail, int checks) {
        if (p != process) {
            return; // a verdict about a run that has ended
        }
        if (isGate) {
            health = to;
            publish();
        }
        emit(new UnitEvent.HealthChanged(unit.name(), sv.now(), isLiveness ? "health_check" : "readiness_check",
                from, to, detail));
        if (isLiveness && to == HealthState.UNHEALTHY && state == UnitState.RUNNING) {
            unhealthyDetail = detail;
            stopProbes();
            beginStop("health check failed " + checks + " time" + (checks == 1 ? "" : "s") + " in a row ("
                    + detail + "); restarting it by its restart policy");
        }
    }

    private void stopProbes() {
        if (liveness != null) {
            liveness.cancel();
            liveness = null;
        }
        if (readiness != null) {
            readiness.cancel();
            readiness = null;
        }
    }

    /** After an exit the verdict no longer holds: back to unknown until the next run's checks. */
    private void resetHealth() {
        if (health != null && health != HealthState.UNKNOWN) {
            HealthState from = health;
            health = HealthState.UNKNOWN;
            publish();
            emit(new UnitEvent.HealthChanged(unit.name(), sv.now(),
                    unit.readinessCheck() != null ? "readiness_check" : "health_check", from, HealthState.UNKNOWN,
                    "the process exited"));
        }
    }

    // ---- helpers (mailbox only) ------------------------------------------------------------

    private void release(Confinement c) {
        if (c == null) {
            return;
        }
        try {
            sv.platform.limiter().release(c);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unit '" + unit.name() + "': releasing its confinement failed", e);
        }
    }

    /** Runs {@code task} in the mailbox after {@code delay}, unless another timer or a cancel came first. */
    private void schedule(Duration delay, Runnable task) {
        cancelTimer();
        long generation = timerGeneration;
        timer = sv.schedule(delay, () -> mailbox.execute(() -> {
            if (generation == timerGeneration) {
                timer = null;
                timerGeneration++;
                task.run();
            }
        }));
    }

    private void cancelTimer() {
        timerGeneration++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void transition(UnitState to, String why) {
        UnitState from = state;
        state = to;
        reason = why;
        since = sv.now();
        publish();
        emit(new UnitEvent.StateChanged(unit.name(), since, from, to, why));
    }

    private void publish() {
        Instant runningSince = state == UnitState.RUNNING ? startedAt : null;
        if (backoff.changes() != seriesChanges || runningSince != seriesRunningSince) {
            // Made again only when it changed: it copies the window (up to 1000 restart times).
            seriesChanges = backoff.changes();
            seriesRunningSince = runningSince;
            series = backoff.series(System.nanoTime(), sv.now(), runningSince);
        }
        LaunchedProcess p = process;
        status = new UnitStatus(unit.name(), state, p == null ? -1 : p.pid(), since, startedAt, restarts,
                lastExit, reason, health, null, List.of(), pool);
    }

    private void emit(UnitEvent event) {
        outbox.execute(() -> sv.deliver(event));
    }

    private void completeAll(List<CompletableFuture<UnitStatus>> waiters) {
        if (!waiters.isEmpty()) {
            UnitStatus now = status;
            outbox.execute(() -> waiters.forEach(w -> w.complete(now)));
        }
    }

    private void completeLater(CompletableFuture<UnitStatus> f, UnitStatus s) {
        outbox.execute(() -> f.complete(s));
    }

    private static <T> List<T> add(List<T> list, T item) {
        List<T> copy = list.isEmpty() ? new ArrayList<>(2) : list;
        copy.add(item);
        return copy;
    }
}

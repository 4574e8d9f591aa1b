package dev.hsu.core;

import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.validate.InvalidUnitException;
import dev.hsu.core.validate.Problem;
import dev.hsu.core.validate.Severity;
import dev.hsu.core.validate.UnitValidator;
import dev.hsu.spi.ResourceUsage;
import dev.hsu.spi.Signal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The supervisor of a set of managed units: registers them, starts, stops, restarts and signals
 * them, and reports what happens as {@link UnitEvent}s.
 *
 * <p>Each unit is supervised by its own actor (a serialized mailbox) that owns its state machine
 * (see {@link UnitState}); actors run on virtual threads only while they have work, and every
 * timer (restart delays, graceful timeouts) lives on one shared daemon timer thread. An idle unit
 * costs a few small objects: hundreds of units need no thread of their own.
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
    private final Supervision supervision;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}; registration order. */
    private final Map<String, UnitActor> units = new LinkedHashMap<>();
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
     * Adds a unit in state {@link UnitState#REGISTERED}; it is not started.
     *
     * @throws InvalidUnitException listing every problem if the unit has an error (see
     *     {@link UnitValidator#validate}), or if a unit of that name is already registered
     * @throws IllegalStateException after {@link #shutdown()}
     */
    public void register(ManagedUnit unit) {
        Objects.requireNonNull(unit, "unit");
        List<Problem> problems = UnitValidator.validate(unit, supervision.platform.capabilities(),
                supervision.settings.strictLimits());
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new InvalidUnitException(problems);
        }
        synchronized (lock) {
            ensureOpen();
            if (units.containsKey(unit.name())) {
                throw new InvalidUnitException(List.of(new Problem(unit.name(), "name",
                        "a unit with this name is already registered; give every unit a unique name",
                        Severity.ERROR)));
            }
            units.put(unit.name(), new UnitActor(unit, supervision));
        }
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
     * taken (and the unit listed) until then; starts are refused from now on.
     */
    public CompletableFuture<Void> unregisterAsync(String name) {
        UnitActor actor = actor(name);
        return actor.retire().thenRun(() -> {
            synchronized (lock) {
                units.remove(name, actor);
            }
        });
    }

    /**
     * Starts every unit with {@code auto_start} at once, in parallel, and returns without waiting.
     * Outcomes arrive as events and statuses.
     *
     * @throws IllegalStateException after {@link #shutdown()}
     */
    public void startAll() {
        List<UnitActor> all;
        synchronized (lock) {
            ensureOpen();
            all = List.copyOf(units.values());
        }
        for (UnitActor actor : all) {
            if (actor.unit().autoStart()) {
                actor.start();
            }
        }
    }

    /**
     * Starts the unit. A running unit stays as it is; one waiting to restart starts now; one being
     * stopped starts once stopped. Starting resets the restart series.
     *
     * @return completes when the unit is {@link UnitState#RUNNING}, or {@link UnitState#FAILED} (a
     *     launch error: see {@link UnitStatus#reason()}), or stopped by a stop that came meanwhile;
     *     completes exceptionally with {@link IllegalStateException} if the master is shutting down
     * @throws UnknownUnitException if no unit has that name
     */
    public CompletableFuture<UnitStatus> start(String name) {
        return actor(name).start();
    }

    /**
     * A user stop: the stop signal, then after the graceful timeout a kill of the whole tree. It
     * never triggers a restart and cancels a pending one. A unit with no process completes at once
     * in its state.
     *
     * @return completes when no process of the unit is left running
     * @throws UnknownUnitException if no unit has that name
     */
    public CompletableFuture<UnitStatus> stop(String name) {
        return actor(name).stop("stopped by user");
    }

    /**
     * Stop (if running), then start.
     *
     * @return as {@link #start}
     * @throws UnknownUnitException if no unit has that name
     */
    public CompletableFuture<UnitStatus> restart(String name) {
        return actor(name).restart();
    }

    /**
     * Sends {@code signal} to the unit's main process (not its descendants).
     *
     * @throws UnknownUnitException if no unit has that name
     * @throws IllegalStateException if the unit has no running process
     * @throws dev.hsu.spi.UnsupportedCapabilityException if the platform cannot deliver that signal
     */
    public void signal(String name, Signal signal) {
        Objects.requireNonNull(signal, "signal");
        actor(name).signal(signal);
    }

    /** The unit's status, or empty if no unit has that name. */
    public Optional<UnitStatus> status(String name) {
        synchronized (lock) {
            UnitActor actor = units.get(name);
            return actor == null ? Optional.empty() : Optional.of(actor.status());
        }
    }

    /** Every unit's status, in registration order. */
    public List<UnitStatus> statuses() {
        List<UnitActor> all;
        synchronized (lock) {
            all = List.copyOf(units.values());
        }
        List<UnitStatus> out = new ArrayList<>(all.size());
        for (UnitActor actor : all) {
            out.add(actor.status());
        }
        return out;
    }

    /** The unit as registered, or empty if no unit has that name. */
    public Optional<ManagedUnit> unit(String name) {
        synchronized (lock) {
            UnitActor actor = units.get(name);
            return actor == null ? Optional.empty() : Optional.of(actor.unit());
        }
    }

    /**
     * What the unit's process tree uses now ({@link ResourceUsage#NONE} when it has no process).
     *
     * @throws UnknownUnitException if no unit has that name
     */
    public ResourceUsage usage(String name) {
        return actor(name).usage();
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
     * Stops every unit in parallel, each bounded by its own graceful timeout, then stops the
     * timer thread. Later starts are refused. Idempotent: later calls return the same future.
     *
     * @return completes when every unit is stopped
     */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> result;
        List<UnitActor> all;
        synchronized (lock) {
            if (shutdown != null) {
                return shutdown;
            }
            result = shutdown = new CompletableFuture<>();
            supervision.beginClosing();
            all = List.copyOf(units.values());
        }
        CompletableFuture<?>[] stops = all.stream().map(a -> a.stop("master shutting down"))
                .toArray(CompletableFuture<?>[]::new);
        CompletableFuture.allOf(stops).whenComplete((ignored, error) -> {
            supervision.stopTimers();
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    /** {@code shutdown().join()}. */
    @Override
    public void close() {
        shutdown().join();
    }

    private UnitActor actor(String name) {
        synchronized (lock) {
            UnitActor actor = units.get(name);
            if (actor == null) {
                throw new UnknownUnitException(name, units.keySet());
            }
            return actor;
        }
    }

    private void ensureOpen() {
        if (shutdown != null) {
            throw new IllegalStateException("the master is shut down; create a new one");
        }
    }
}

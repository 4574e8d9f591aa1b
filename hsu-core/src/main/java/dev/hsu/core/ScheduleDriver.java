package dev.hsu.core;

import dev.hsu.core.schedule.CronExpression;
import dev.hsu.core.schedule.ScheduleState;
import dev.hsu.core.schedule.ScheduleStore;
import dev.hsu.core.unit.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Fires one unit's cron schedule: at each firing it starts a run (through the dependency gate),
 * or, if the previous run is still going, applies the {@code overlap} policy. It follows the
 * unit's runs (a run lasts from a start until no instance is active any more, restarts by the
 * restart policy included) for the status, and keeps its {@link ScheduleState} in the
 * {@link ScheduleStore} so that a master started again reports the firings it missed (and runs
 * once for them with {@code catch_up}).
 *
 * <p>One timer at a time, on the master's timer thread; no thread is held between firings.
 *
 * <p>Thread-safety: thread-safe; its state is confined to its own serial mailbox.
 */
final class ScheduleDriver {
    /** Missed firings counted at most (a per-second schedule down for a year needs no exact count). */
    static final int MISSED_COUNT_LIMIT = 100_000;

    private final UnitGroup group;
    private final Schedule schedule;
    private final CronExpression cron;
    private final ScheduleStore store;
    private final Supervision sv;
    private final Function<UnitGroup, CompletableFuture<Void>> start;
    private final BiFunction<UnitGroup, String, CompletableFuture<Void>> stop;
    private final SerialExecutor mailbox;

    // Confined to the mailbox.
    private ScheduleState state = ScheduleState.NONE;
    private boolean armed;
    private boolean paused;
    private ScheduledFuture<?> timer;
    private Instant next;
    private boolean queued;
    private boolean wasActive;
    private Instant runStart;
    private long runStartNanos;
    private int missed;
    private Instant lastMissed;

    private volatile ScheduleInfo info;

    ScheduleDriver(UnitGroup group, CronExpression cron, ScheduleStore store, Supervision sv,
                   Function<UnitGroup, CompletableFuture<Void>> start,
                   BiFunction<UnitGroup, String, CompletableFuture<Void>> stop) {
        this.group = group;
        this.schedule = group.unit().schedule();
        this.cron = cron;
        this.store = store;
        this.sv = sv;
        this.start = start;
        this.stop = stop;
        this.mailbox = new SerialExecutor(sv.actorThreads, "schedule of unit " + group.name());
        publish();
    }

    ScheduleInfo info() {
        return info;
    }

    /** Starts firing; first reports (and with catch_up runs for) firings missed while the master was down. */
    void arm() {
        mailbox.execute(this::armNow);
    }

    /**
     * A user's start: arms the schedule if it is not armed (paused by a stop, or never armed in
     * this master); a schedule a user had paused resumes from now, its firings meanwhile skipped
     * on purpose, not missed.
     *
     * @return completes with true if it armed the schedule, false if it was armed already
     */
    CompletableFuture<Boolean> armIfIdle() {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        mailbox.execute(() -> {
            if (armed) {
                done.complete(false);
                return;
            }
            if (paused) {
                paused = false;
                armed = true;
                Instant now = sv.now();
                fireFrom(now);
                sv.deliver(new UnitEvent.SchedulePaused(group.name(), now, false));
            } else {
                armNow();
            }
            done.complete(true);
        });
        return done;
    }

    /**
     * A user's stop: no firing until a start ({@link #armIfIdle}); a run under way is left to the
     * caller.
     *
     * @return completes once paused: a firing that came first has handed its start on by then, so
     *     a stop issued afterwards comes after it
     */
    CompletableFuture<Void> pause() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        mailbox.execute(() -> {
            boolean was = paused;
            paused = true;
            stopFiring();
            if (!was) {
                sv.deliver(new UnitEvent.SchedulePaused(group.name(), sv.now(), true));
            }
            done.complete(null);
        });
        return done;
    }

    private void armNow() {
        if (armed) {
            return;
        }
        armed = true;
        Instant now = sv.now();
        state = store.load(group.name());
        Instant handled = state.lastFiring();
        if (handled != null && handled.isBefore(now)) {
            List<Instant> gone = cron.between(handled, now, MISSED_COUNT_LIMIT);
            if (!gone.isEmpty()) {
                missed = gone.size();
                lastMissed = gone.get(gone.size() - 1);
                publish(); // status shows the missed firings before the catch-up run can end
                sv.deliver(new UnitEvent.ScheduleMissed(group.name(), now, missed, gone.get(0), lastMissed,
                        schedule.catchUp()));
                if (schedule.catchUp()) {
                    fire(lastMissed, true);
                }
            }
        }
        fireFrom(now);
    }

    /** Firings up to {@code now} are accounted for (a later downtime is measured from here); the next one is timed. */
    private void fireFrom(Instant now) {
        state = state.withLastFiring(now);
        store.save(group.name(), state);
        scheduleAfter(now);
        publish();
    }

    /** Stops firing (master shutdown); a run under way is left to the caller. */
    void disarm() {
        mailbox.execute(this::stopFiring);
    }

    /** No firing until armed again: the timer cancelled, nothing queued, no next run shown. */
    private void stopFiring() {
        armed = false;
        queued = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        next = null;
        publish();
    }

    /** A member's state changed: follows runs. */
    void onGroupEvent() {
        mailbox.execute(() -> {
            boolean active = group.active();
            if (active && !wasActive) {
                runStart = sv.now();
                runStartNanos = System.nanoTime();
                state = state.withRunStarted(runStart);
                store.save(group.name(), state);
            } else if (!active && wasActive) {
                Duration took = Duration.ofNanos(System.nanoTime() - runStartNanos);
                state = state.withRunEnded(took, outcome(group.status()));
                store.save(group.name(), state);
                if (queued && armed) {
                    queued = false;
                    start.apply(group);
                }
            }
            wasActive = active;
            publish();
        });
    }

    private void scheduleAfter(Instant after) {
        Optional<Instant> n = cron.next(after);
        if (n.isEmpty() || !armed) {
            next = null;
            return;
        }
        Instant at = n.get();
        next = at;
        Duration delay = Duration.between(sv.now(), at);
        timer = sv.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> mailbox.execute(() -> onTimer(at)));
    }

    private void onTimer(Instant at) {
        if (!armed || !at.equals(next)) {
            return;
        }
        timer = null;
        fire(at, false);
        state = state.withLastFiring(at);
        store.save(group.name(), state);
        scheduleAfter(at); // strictly after this firing, even if the timer woke a hair early
        publish();
    }

    private void fire(Instant scheduledFor, boolean catchUp) {
        boolean active = group.active();
        UnitEvent.ScheduleFired.Action action;
        if (!active) {
            action = catchUp ? UnitEvent.ScheduleFired.Action.CAUGHT_UP : UnitEvent.ScheduleFired.Action.STARTED;
            start.apply(group);
        } else {
            switch (schedule.overlap()) {
                case SKIP -> action = UnitEvent.ScheduleFired.Action.SKIPPED;
                case QUEUE -> {
                    action = queued ? UnitEvent.ScheduleFired.Action.SKIPPED : UnitEvent.ScheduleFired.Action.QUEUED;
                    queued = true;
                }
                case REPLACE -> {
                    action = UnitEvent.ScheduleFired.Action.REPLACED;
                    stop.apply(group, "replaced by the firing of " + scheduledFor + " (overlap: replace)")
                            .whenComplete((ok, e) -> mailbox.execute(() -> {
                                if (armed) {
                                    start.apply(group);
                                }
                            }));
                }
                default -> throw new IllegalStateException("overlap " + schedule.overlap());
            }
        }
        sv.deliver(new UnitEvent.ScheduleFired(group.name(), sv.now(), scheduledFor, action));
    }

    private static String outcome(UnitStatus s) {
        if (s.state() == UnitState.BLOCKED) {
            return "blocked: " + s.reason();
        }
        return s.lastExit() != null ? s.lastExit().describe() : s.state().name();
    }

    private void publish() {
        info = new ScheduleInfo(schedule.cron(), next, state.lastRun(), state.lastRunDuration(), state.lastRunExit(),
                missed, lastMissed, paused);
    }
}

package dev.hsu.core;

import dev.hsu.core.unit.Dependency;
import dev.hsu.core.unit.ManagedUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Starts units in dependency order: a start of a unit with {@code depends_on} waits (the unit is
 * {@link UnitState#WAITING}) until every condition holds, then launches; if a dependency fails,
 * or does not become healthy within its {@code start_timeout}, the unit is
 * {@link UnitState#BLOCKED} with that reason. Every launch goes through the {@link StartSlots}
 * ({@code start_concurrency}). Also restarts the dependents of a unit with
 * {@code restart_dependents} when it restarts.
 *
 * <p>Event-driven: conditions are evaluated again at each unit event, never polled; the
 * {@code start_timeout} is a timer.
 *
 * <p>Thread-safety: thread-safe; its state is confined to its own serial mailbox.
 */
final class Orchestrator {
    private final Supervision sv;
    private final Function<String, UnitGroup> groupByName;
    private final Function<String, UnitGroup> groupOfInstance;
    private final Supplier<List<UnitGroup>> allGroups;
    private final BiFunction<UnitGroup, String, CompletableFuture<Void>> stopGroup;
    private final StartSlots slots;
    private final SerialExecutor mailbox;

    // Confined to the mailbox.
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, Integer> launches = new HashMap<>();
    private boolean closed;
    private volatile int pendingCount;

    /** A start waiting for its dependencies. */
    private static final class Pending {
        final UnitGroup group;
        final Set<UnitActor> targets;
        final List<CompletableFuture<List<UnitStatus>>> done = new ArrayList<>();
        final Instant since;
        /** Of the first start; one that joins the wait later is said to have come from it too. */
        final StartOrigin origin;
        final List<ScheduledFuture<?>> timers = new ArrayList<>();
        String waitingFor = "";

        Pending(UnitGroup group, List<UnitActor> targets, Instant since, StartOrigin origin) {
            this.group = group;
            this.targets = new LinkedHashSet<>(targets);
            this.since = since;
            this.origin = origin;
        }
    }

    /** A dependency's verdict: null reason and not failed = holds. */
    private record Verdict(boolean holds, boolean failed, String reason) {
        static final Verdict HOLDS = new Verdict(true, false, null);
    }

    Orchestrator(Supervision sv, Function<String, UnitGroup> groupByName, Function<String, UnitGroup> groupOfInstance,
                 Supplier<List<UnitGroup>> allGroups,
                 BiFunction<UnitGroup, String, CompletableFuture<Void>> stopGroup) {
        this.sv = sv;
        this.groupByName = groupByName;
        this.groupOfInstance = groupOfInstance;
        this.allGroups = allGroups;
        this.stopGroup = stopGroup;
        this.slots = new StartSlots(sv.settings.startConcurrency());
        this.mailbox = new SerialExecutor(sv.actorThreads, "dependency orchestrator");
    }

    /**
     * Starts {@code targets} (members of {@code group}) once the group's dependencies hold.
     *
     * @return completes when every target was launched (or failed to launch), or was blocked, or
     *     the start was cancelled by a stop, with the targets' statuses at that moment
     */
    CompletableFuture<List<UnitStatus>> start(UnitGroup group, List<UnitActor> targets, StartOrigin origin) {
        CompletableFuture<List<UnitStatus>> done = new CompletableFuture<>();
        mailbox.execute(() -> onStart(group, targets, origin, done));
        return done;
    }

    /** Drops a waiting start of {@code group} (a stop came); completes once dropped. */
    CompletableFuture<Void> cancel(UnitGroup group) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        mailbox.execute(() -> {
            for (Pending p : List.copyOf(pending)) {
                if (p.group == group) {
                    drop(p);
                }
            }
            done.complete(null);
        });
        return done;
    }

    /** Refuses further starts and drops every waiting one; completes once done. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        mailbox.execute(() -> {
            closed = true;
            for (Pending p : List.copyOf(pending)) {
                drop(p);
            }
            done.complete(null);
        });
        return done;
    }

    /** Every unit event comes here (from the units' event threads). */
    void onEvent(UnitEvent event) {
        if (event instanceof UnitEvent.ProcessStarted s) {
            mailbox.execute(() -> onLaunched(s.unit()));
        }
        if (pendingCount > 0 && (event instanceof UnitEvent.StateChanged || event instanceof UnitEvent.HealthChanged)) {
            mailbox.execute(this::evaluateAll);
        }
    }

    // ---- mailbox only --------------------------------------------------------------------

    private void onStart(UnitGroup group, List<UnitActor> targets, StartOrigin origin,
                         CompletableFuture<List<UnitStatus>> done) {
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the master is shutting down; unit '"
                    + group.name() + "' was not started"));
            return;
        }
        if (group.unit().dependsOn().isEmpty()) {
            launch(targets, origin, done);
            return;
        }
        Pending p = null;
        for (Pending q : pending) {
            if (q.group == group) {
                p = q; // one wait per unit: a second start joins it
                p.targets.addAll(targets);
            }
        }
        if (p == null) {
            p = new Pending(group, targets, sv.now(), origin);
            pending.add(p);
            pendingCount = pending.size();
            armTimeouts(p);
        }
        p.done.add(done);
        startIdleDependencies(group);
        evaluate(p);
    }

    /** Compose's behaviour: starting a unit starts what it depends on, if nothing started it (see {@link #idle}). */
    private void startIdleDependencies(UnitGroup group) {
        for (Dependency d : group.unit().dependsOn()) {
            UnitGroup dep = groupByName.apply(d.unit());
            if (dep == null || dep.schedule != null || !idle(dep)) {
                continue;
            }
            boolean alreadyWaiting = pending.stream().anyMatch(q -> q.group == dep);
            if (!alreadyWaiting) {
                onStart(dep, dep.members(), StartOrigin.DEPENDENCY, new CompletableFuture<>());
            }
        }
    }

    /**
     * Whether every instance of {@code g} may be started by a dependent's start (see
     * {@link UnitActor#startableByDependent}; the unit checks again when that start arrives).
     */
    private static boolean idle(UnitGroup g) {
        for (UnitActor a : g.members()) {
            if (!UnitActor.startableByDependent(a.status().state())) {
                return false;
            }
        }
        return true;
    }

    private void armTimeouts(Pending p) {
        for (Dependency d : p.group.unit().dependsOn()) {
            UnitGroup dep = groupByName.apply(d.unit());
            if (d.condition() == Dependency.Condition.HEALTHY && dep != null) {
                p.timers.add(sv.schedule(dep.unit().startTimeout(), () -> mailbox.execute(() -> {
                    if (pending.contains(p)) {
                        evaluate(p);
                    }
                })));
            }
        }
    }

    private void evaluateAll() {
        for (Pending p : List.copyOf(pending)) {
            if (pending.contains(p)) {
                evaluate(p);
            }
        }
    }

    private void evaluate(Pending p) {
        List<String> waits = new ArrayList<>();
        for (Dependency d : p.group.unit().dependsOn()) {
            Verdict v = verdict(p, d);
            if (v.failed()) {
                remove(p);
                List<CompletableFuture<UnitStatus>> blocks = new ArrayList<>();
                for (UnitActor t : p.targets) {
                    blocks.add(t.block(v.reason()));
                }
                CompletableFuture.allOf(blocks.toArray(CompletableFuture[]::new)).whenComplete((ok, e) -> {
                    List<UnitStatus> now = blocks.stream().map(CompletableFuture::join).toList();
                    p.done.forEach(f -> f.complete(now));
                });
                return;
            }
            if (!v.holds()) {
                waits.add(v.reason());
            }
        }
        if (waits.isEmpty()) {
            remove(p);
            CompletableFuture<List<UnitStatus>> all = new CompletableFuture<>();
            all.whenComplete((ok, e) -> p.done.forEach(f -> {
                if (e != null) {
                    f.completeExceptionally(e);
                } else {
                    f.complete(ok);
                }
            }));
            launch(List.copyOf(p.targets), p.origin, all);
            return;
        }
        String why = "waiting for " + String.join(", ", waits);
        if (!why.equals(p.waitingFor)) {
            p.waitingFor = why;
            for (UnitActor t : p.targets) {
                t.markWaiting(why);
            }
        }
    }

    private Verdict verdict(Pending p, Dependency d) {
        UnitGroup dep = groupByName.apply(d.unit());
        String cond = d.condition().name().toLowerCase(Locale.ROOT);
        if (dep == null) {
            return new Verdict(false, true, "dependency '" + d.unit() + "' is not a registered unit");
        }
        UnitGroup.Shape shape = dep.shape(); // a rescale must not change one without the other
        ManagedUnit u = shape.unit();
        List<UnitActor> members = shape.members();
        int need = u.requiredReplicas();
        int tolerance = members.size() - need;
        int good = 0;
        List<UnitStatus> bad = new ArrayList<>();
        for (UnitActor a : members) {
            UnitStatus s = a.status();
            UnitState st = s.state();
            if (st == UnitState.FAILED || st == UnitState.BLOCKED) {
                bad.add(s);
            }
            boolean ok = switch (d.condition()) {
                case STARTED -> st == UnitState.RUNNING || st == UnitState.EXITED;
                case HEALTHY -> st == UnitState.RUNNING && (u.readinessGate() == null || s.health() == HealthState.HEALTHY);
                case COMPLETED -> st == UnitState.EXITED;
            };
            if (ok) {
                good++;
            }
        }
        if (bad.size() > tolerance) {
            UnitStatus first = bad.get(0);
            String what = members.size() == 1 ? "dependency '" + d.unit() + "' " + verb(first.state())
                    : "dependency '" + d.unit() + "' (" + condName(d) + "): " + bad.size() + " of "
                            + members.size() + " replicas failed, " + first.name() + " " + verb(first.state());
            return new Verdict(false, true, what + (first.reason() == null ? "" : ": " + first.reason()));
        }
        if (good >= need) {
            return Verdict.HOLDS;
        }
        if (d.condition() == Dependency.Condition.HEALTHY) {
            Duration waited = Duration.between(p.since, sv.now());
            if (waited.compareTo(u.startTimeout()) >= 0) {
                return new Verdict(false, true, "dependency '" + d.unit() + "' did not become healthy within its"
                        + " start_timeout " + Durations.format(u.startTimeout()));
            }
        }
        String count = members.size() == 1 ? "" : " " + good + "/" + need;
        return new Verdict(false, false, d.unit() + " (" + cond + count + ")");
    }

    private static String verb(UnitState s) {
        return s == UnitState.BLOCKED ? "is blocked" : "failed";
    }

    private static String condName(Dependency d) {
        return d.condition().name().toLowerCase(Locale.ROOT);
    }

    private void launch(List<UnitActor> targets, StartOrigin origin, CompletableFuture<List<UnitStatus>> done) {
        List<CompletableFuture<UnitStatus>> starts = new ArrayList<>(targets.size());
        for (UnitActor a : targets) {
            starts.add(slots.submit(() -> a.start(origin)));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).whenComplete((ok, e) -> {
            if (e != null) {
                done.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e);
            } else {
                done.complete(starts.stream().map(CompletableFuture::join).toList());
            }
        });
    }

    private void drop(Pending p) {
        remove(p);
        List<UnitStatus> now = p.targets.stream().map(UnitActor::status).toList();
        p.done.forEach(f -> f.complete(now));
    }

    private void remove(Pending p) {
        pending.remove(p);
        pendingCount = pending.size();
        p.timers.forEach(t -> t.cancel(false));
    }

    /** A process of {@code instance} started: if its unit restarts dependents and this is a restart, do it. */
    private void onLaunched(String instance) {
        int n = launches.merge(instance, 1, Integer::sum);
        UnitGroup g = groupOfInstance.apply(instance);
        if (n < 2 || closed || g == null || !g.unit().restartDependents()) {
            return;
        }
        for (UnitGroup dependent : allGroups.get()) {
            boolean depends = dependent.unit().dependsOn().stream().anyMatch(d -> d.unit().equals(g.name()));
            if (depends && dependent.active()) {
                stopGroup.apply(dependent, "restarting: its dependency '" + g.name() + "' restarted (restart_dependents)")
                        .whenComplete((ok, e) -> start(dependent, dependent.members(), StartOrigin.DEPENDENCY_RESTARTED));
            }
        }
    }
}

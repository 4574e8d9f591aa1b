package dev.hsu.core;

import dev.hsu.core.unit.ManagedUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A registered unit with its instances: one actor, or one per replica of a worker pool. The
 * unit of dependencies, schedules and status: a pool is listed once, with its replicas inside.
 *
 * <p>Thread-safety: the definition and the members change together, atomically, when a pool is
 * rescaled ({@link #rescale}, under the master's lock); a reader that needs both consistent takes
 * one {@link #shape()}. The schedule driver is set once before the group is shared.
 */
final class UnitGroup {
    /** Most to least worth showing when replicas differ and none runs. */
    private static final List<UnitState> PRECEDENCE = List.of(UnitState.STARTING, UnitState.STOPPING,
            UnitState.WAITING, UnitState.BACKOFF, UnitState.BLOCKED, UnitState.FAILED, UnitState.STOPPED,
            UnitState.EXITED, UnitState.REGISTERED);

    /** The definition and the instances that run it, one version of both. */
    record Shape(ManagedUnit unit, List<UnitActor> members) {
        Shape {
            members = List.copyOf(members);
        }
    }

    private volatile Shape shape;
    volatile ScheduleDriver schedule;

    UnitGroup(ManagedUnit unit, List<UnitActor> members) {
        this.shape = new Shape(unit, members);
    }

    Shape shape() {
        return shape;
    }

    /** The definition as registered (a pool's template). */
    ManagedUnit unit() {
        return shape.unit();
    }

    /** One actor, or one per replica. */
    List<UnitActor> members() {
        return shape.members();
    }

    /** A pool's new replica count: its new definition and the replicas it has from now on. */
    void rescale(ManagedUnit next, List<UnitActor> nextMembers) {
        this.shape = new Shape(next, nextMembers);
    }

    String name() {
        return unit().name();
    }

    /** True while a run is under way or coming: a member starts, runs, stops, waits to restart or for dependencies. */
    boolean active() {
        for (UnitActor a : members()) {
            if (isActive(a.status().state())) {
                return true;
            }
        }
        return false;
    }

    static boolean isActive(UnitState s) {
        return s.isActive() || s == UnitState.BACKOFF || s == UnitState.WAITING;
    }

    UnitStatus status() {
        Shape now = shape;
        UnitStatus s = now.unit().isPool() ? poolStatus(now.unit(), now.members()) : now.members().get(0).status();
        ScheduleDriver d = schedule;
        return d == null ? s : s.withSchedule(d.info());
    }

    private static UnitStatus poolStatus(ManagedUnit unit, List<UnitActor> members) {
        List<UnitStatus> rs = new ArrayList<>(members.size());
        for (UnitActor a : members) {
            rs.add(a.status());
        }
        long running = rs.stream().filter(r -> r.state() == UnitState.RUNNING).count();
        UnitState state;
        if (rs.stream().allMatch(r -> r.state() == rs.get(0).state())) {
            state = rs.get(0).state();
        } else if (running > 0) {
            state = UnitState.RUNNING;
        } else {
            state = PRECEDENCE.stream().filter(p -> rs.stream().anyMatch(r -> r.state() == p)).findFirst()
                    .orElse(rs.get(0).state());
        }
        Instant since = rs.stream().map(UnitStatus::since).max(Instant::compareTo).orElseThrow();
        Instant startedAt = rs.stream().map(UnitStatus::startedAt).filter(t -> t != null).max(Instant::compareTo)
                .orElse(null);
        int restarts = rs.stream().mapToInt(UnitStatus::restarts).sum();
        UnitStatus latestExit = rs.stream().filter(r -> r.lastExit() != null)
                .max((a, b) -> a.since().compareTo(b.since())).orElse(null);
        String others = rs.stream().filter(r -> r.state() != state)
                .map(r -> r.name() + " " + r.state() + (r.reason() == null ? "" : " (" + r.reason() + ")"))
                .collect(Collectors.joining("; "));
        String reason = running + " of " + rs.size() + " replicas running" + (others.isEmpty() ? "" : "; " + others);
        return new UnitStatus(unit.name(), state, -1, since, startedAt, restarts,
                latestExit == null ? null : latestExit.lastExit(), reason, health(unit, rs), null, rs, null);
    }

    private static HealthState health(ManagedUnit unit, List<UnitStatus> rs) {
        if (unit.readinessGate() == null) {
            return null;
        }
        long healthy = rs.stream().filter(r -> r.health() == HealthState.HEALTHY).count();
        if (healthy >= unit.requiredReplicas()) {
            return HealthState.HEALTHY;
        }
        return rs.stream().anyMatch(r -> r.health() == HealthState.UNHEALTHY) ? HealthState.UNHEALTHY
                : HealthState.UNKNOWN;
    }
}

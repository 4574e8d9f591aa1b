package dev.hsu.core;

/**
 * Who or what started a unit: said in the reason of its {@code STARTING} transition, so that an
 * operator reading the log knows why it runs. Only a user's start, and the master's own start
 * of a unit whose restart series a previous master left, treat that series differently (see
 * {@link Master#restoreRestartSeries}).
 */
enum StartOrigin {
    /** {@code hsu start}, the control API, {@link Master#start} from Java, or a reload. */
    USER("started by user"),
    /** {@link Master#startAll}: the unit has {@code auto_start}. */
    AUTO_START("started (auto_start)"),
    /** A firing of the unit's cron schedule. */
    SCHEDULE("started by its schedule"),
    /** A unit that depends on it is starting, and nothing had started it. */
    DEPENDENCY("started: a unit that depends on it is starting"),
    /** A unit it depends on restarted, and it has {@code restart_dependents}. */
    DEPENDENCY_RESTARTED("started again: a unit it depends on restarted (restart_dependents)"),
    /** A reload gave the pool more replicas. */
    SCALE_UP("started: the pool was scaled up");

    private final String reason;

    StartOrigin(String reason) {
        this.reason = reason;
    }

    /** The reason of the {@code STARTING} transition. */
    String reason() {
        return reason;
    }
}

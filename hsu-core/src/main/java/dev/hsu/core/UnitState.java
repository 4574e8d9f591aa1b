package dev.hsu.core;

/**
 * Where a unit is in its life. Transitions:
 *
 * <pre>
 * REGISTERED ─start→ STARTING ─launched→ RUNNING ─stop→ STOPPING ─exit→ STOPPED
 *                        │                  │
 *                        │ launch error     └─exit→ BACKOFF ─delay→ STARTING  (restart due)
 *                        ↓                         → STARTING                (restart due, delay 0)
 *                      FAILED  ←─ restart budget used up / policy says no after a failure
 *                                  EXITED ←─ exit code 0 and no restart due
 *
 * REGISTERED / STOPPED / ... ─start→ WAITING ─dependencies hold→ STARTING
 *                                       └─a dependency failed or timed out→ BLOCKED
 * </pre>
 */
public enum UnitState {
    /** Known to the master, never started. */
    REGISTERED,
    /** Being launched. */
    STARTING,
    /** Its main process runs. */
    RUNNING,
    /** A stop was asked for; waiting for the process to end. */
    STOPPING,
    /** Stopped by a user (or master shutdown); stays so until started. */
    STOPPED,
    /** Ended on its own; waiting for the restart delay. */
    BACKOFF,
    /** Gave up: could not launch, or ended in failure with no restart left; see the reason. */
    FAILED,
    /** Completed: exit code 0 and no restart due. */
    EXITED,
    /** A start was asked for; waiting for its dependencies' conditions ({@code depends_on}). */
    WAITING,
    /**
     * Not started because a dependency failed, or did not become healthy within its
     * {@code start_timeout}; see the reason. Stays so until started again.
     */
    BLOCKED;

    /** True while a process of the unit exists (or is being created). */
    public boolean isActive() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }
}

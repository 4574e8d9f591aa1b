package dev.hsu.linux.internal.cgroup;

/**
 * How every process of a unit cgroup is killed. Each one reaches processes that left the unit's
 * process group or session and whose parent is gone (double-forked daemons), and none can be
 * escaped by forking while it runs.
 */
public enum KillMethod {
    /** v2, Linux 5.14+: {@code echo 1 > cgroup.kill}; the kernel kills every member and every fork in flight. */
    CGROUP_KILL("v2 cgroup.kill"),
    /**
     * v2 before 5.14: {@code cgroup.freeze = 1}, wait for {@code frozen 1} in cgroup.events, SIGKILL
     * every member, {@code cgroup.freeze = 0}. Frozen processes cannot fork; v2 lets SIGKILL end
     * them even while frozen.
     */
    V2_FREEZE("v2 cgroup.freeze, SIGKILL to all, thaw"),
    /**
     * v1 freezer: {@code freezer.state = FROZEN}, wait until it reads FROZEN, SIGKILL every
     * member, {@code THAWED}; the kills take effect on the thaw.
     */
    V1_FREEZER("v1 freezer: freeze, SIGKILL to all, thaw"),
    /**
     * No freezer: SIGKILL every member, read the member list again and repeat until it is empty.
     * A process forked between a read and the kills is in the next read; a process with SIGKILL
     * pending cannot fork, so the rounds end.
     */
    SIGNAL_LOOP("SIGKILL to every member until none is left");

    private final String text;

    KillMethod(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}

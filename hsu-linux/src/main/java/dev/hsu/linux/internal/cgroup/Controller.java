package dev.hsu.linux.internal.cgroup;

import java.util.Optional;

/**
 * The cgroup controllers HSU drives, with their names in each cgroup version. In v2, freezing,
 * killing and CPU time accounting are core features of every cgroup and need no controller; in v1
 * they are the {@code freezer} and {@code cpuacct} controllers.
 */
public enum Controller {
    /** CPU bandwidth ({@code cpu.max} / {@code cpu.cfs_quota_us}) and weight. */
    CPU("cpu", "cpu"),
    /** v1 only: CPU time accounting ({@code cpuacct.usage}). */
    CPUACCT(null, "cpuacct"),
    /** Memory limit, usage, OOM events. */
    MEMORY("memory", "memory"),
    /** Process count limit and events. */
    PIDS("pids", "pids"),
    /** Block I/O: v2 {@code io}, v1 {@code blkio}. */
    IO("io", "blkio"),
    /** v1 only: freezing a cgroup, used for a tree kill that no fork can escape. */
    FREEZER(null, "freezer");

    private final String v2Name;
    private final String v1Name;

    Controller(String v2Name, String v1Name) {
        this.v2Name = v2Name;
        this.v1Name = v1Name;
    }

    /** The name in {@code cgroup.controllers}; null for the v1-only controllers. */
    public String v2Name() {
        return v2Name;
    }

    /** The name in a v1 mount's options and in {@code /proc/<pid>/cgroup}. */
    public String v1Name() {
        return v1Name;
    }

    public String name(CgroupVersion version) {
        return version == CgroupVersion.V2 ? v2Name : v1Name;
    }

    public static Optional<Controller> ofV2(String name) {
        for (Controller c : values()) {
            if (name.equals(c.v2Name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public static Optional<Controller> ofV1(String name) {
        for (Controller c : values()) {
            if (name.equals(c.v1Name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}

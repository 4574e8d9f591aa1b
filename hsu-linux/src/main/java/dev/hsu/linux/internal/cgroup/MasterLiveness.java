package dev.hsu.linux.internal.cgroup;

/** Tells whether the master that named a cgroup still runs (same pid <em>and</em> start time). */
@FunctionalInterface
public interface MasterLiveness {
    boolean alive(long pid, long startTicks);
}

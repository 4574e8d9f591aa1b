package dev.hsu.linux.internal.cgroup;

/** The two cgroup interfaces of the Linux kernel. */
public enum CgroupVersion {
    /** One hierarchy per controller (or group of controllers), mounted with fs type {@code cgroup}. */
    V1,
    /** The single unified hierarchy, fs type {@code cgroup2}. */
    V2
}

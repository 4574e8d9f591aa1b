package dev.hsu.linux.internal.cgroup;

/** How a host mounts cgroups. */
public enum CgroupLayout {
    /** Only the v2 hierarchy (current distributions). */
    UNIFIED("cgroup v2"),
    /** v1 controller hierarchies plus a v2 hierarchy (older LTS releases; often without v2 controllers). */
    HYBRID("cgroup v1+v2 hybrid"),
    /** Only v1 hierarchies. */
    LEGACY("cgroup v1"),
    /** No cgroup file system is mounted. */
    NONE("no cgroups");

    private final String text;

    CgroupLayout(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}

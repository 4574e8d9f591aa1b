package dev.hsu.linux.internal.cgroup;

import java.nio.file.Path;
import java.util.Set;

/**
 * One cgroup hierarchy as this master sees it.
 *
 * @param version v1 or v2
 * @param mountPoint where it is mounted (absolute; under the fixture root in tests)
 * @param controllers v1: the hierarchy's controllers that HSU knows; v2: the known controllers
 *     listed in the master's {@code cgroup.controllers} (what its parent lets it hand on)
 * @param ownPath the master's cgroup in it, {@code /} for the root
 * @param writable whether HSU may create cgroups below the master's cgroup
 */
public record Hierarchy(CgroupVersion version, Path mountPoint, Set<Controller> controllers, String ownPath,
        boolean writable) {

    public Hierarchy {
        controllers = Set.copyOf(controllers);
        if (!ownPath.startsWith("/")) {
            throw new IllegalArgumentException("a cgroup path is absolute: " + ownPath);
        }
    }

    /** The master's cgroup directory. */
    public Path ownDir() {
        return ownPath.equals("/") ? mountPoint : mountPoint.resolve(ownPath.substring(1));
    }

    public boolean ownIsRoot() {
        return ownPath.equals("/");
    }

    /** E.g. {@code memory at /sys/fs/cgroup/memory} or {@code v2 at /sys/fs/cgroup}. */
    public String describe() {
        if (version == CgroupVersion.V2) {
            return "v2 at " + mountPoint;
        }
        StringBuilder names = new StringBuilder();
        for (Controller c : Controller.values()) {
            if (controllers.contains(c)) {
                names.append(names.isEmpty() ? "" : ",").append(c.v1Name());
            }
        }
        return names + " at " + mountPoint;
    }
}

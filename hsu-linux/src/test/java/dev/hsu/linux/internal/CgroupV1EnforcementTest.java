package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.linux.internal.cgroup.CgroupVersion;
import dev.hsu.linux.internal.cgroup.Controller;

/**
 * Real enforcement by this host's v1 controllers, as production uses them: on a hybrid host the
 * unit is tracked (and killed) in the v2 hierarchy and limited by the v1 controllers; on a pure
 * v1 host it is tracked in the freezer. Skipped, with the reason, where no v1 memory, cpu or pids
 * controller may be used.
 */
class CgroupV1EnforcementTest extends CgroupEnforcementContract {

    @Override
    CgroupHost host() {
        return LinuxCgroups.host();
    }

    @Override
    String tag() {
        return "v1e";
    }

    @Override
    String unsupportedBecause(CgroupHost host) {
        for (Controller c : new Controller[] {Controller.MEMORY, Controller.CPU, Controller.PIDS}) {
            if (host.hierarchyFor(c).map(h -> h.version() != CgroupVersion.V1).orElse(true)) {
                return "this host has no usable cgroup v1 " + c + " controller (" + host.summary() + ")";
            }
        }
        return null;
    }
}

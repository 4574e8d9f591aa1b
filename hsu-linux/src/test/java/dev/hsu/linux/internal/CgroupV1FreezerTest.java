package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.linux.internal.cgroup.Controller;
import dev.hsu.linux.internal.cgroup.KillMethod;

/**
 * The pure v1 paths on this host's v1 controllers, the v2 hierarchy left aside: units tracked in
 * the freezer hierarchy, killed by freeze / SIGKILL all / thaw, CPU time from cpuacct. Skipped
 * where there is no usable v1 freezer.
 */
class CgroupV1FreezerTest extends CgroupEnforcementContract {

    @Override
    CgroupHost host() {
        return LinuxCgroups.host().withoutUnified();
    }

    @Override
    String tag() {
        return "v1f";
    }

    @Override
    KillMethod killMethod() {
        return KillMethod.V1_FREEZER;
    }

    @Override
    String unsupportedBecause(CgroupHost host) {
        return host.hierarchyFor(Controller.FREEZER).isPresent() ? null
                : "this host has no usable cgroup v1 freezer (" + host.summary() + ")";
    }
}

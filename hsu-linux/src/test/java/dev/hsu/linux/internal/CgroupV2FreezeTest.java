package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.linux.internal.cgroup.KillMethod;

/**
 * The v2 tree kill of kernels before 5.14 (no cgroup.kill): cgroup.freeze, SIGKILL to every
 * member, thaw; forced on a v2 host that has cgroup.kill too. Same conditions as
 * {@link CgroupV2EnforcementTest}.
 */
class CgroupV2FreezeTest extends CgroupEnforcementContract {

    @Override
    CgroupHost host() {
        return LinuxCgroups.host();
    }

    @Override
    String tag() {
        return "v2f";
    }

    @Override
    KillMethod killMethod() {
        return KillMethod.V2_FREEZE;
    }

    @Override
    String unsupportedBecause(CgroupHost host) {
        return CgroupV2EnforcementTest.v2Missing(host);
    }
}

package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.linux.internal.cgroup.Controller;

/**
 * Real enforcement by cgroup v2 controllers. Runs wherever the v2 hierarchy hands HSU the memory,
 * cpu and pids controllers (current distributions as root or with delegation; the test VM:
 * {@code /work/shared/vm/run-in-v2.sh -- mvn -o -q -B -pl hsu-linux test -Dtest='CgroupV2*'});
 * skipped, with the reason, elsewhere (such as this build machine, whose v2 mount has no
 * controllers).
 */
class CgroupV2EnforcementTest extends CgroupEnforcementContract {

    @Override
    CgroupHost host() {
        return LinuxCgroups.host();
    }

    @Override
    String tag() {
        return "v2e";
    }

    @Override
    String unsupportedBecause(CgroupHost host) {
        return v2Missing(host);
    }

    static String v2Missing(CgroupHost host) {
        if (host.unified().isEmpty() || !host.unified().get().writable()) {
            return "no writable cgroup v2 hierarchy here (" + host.summary() + ")";
        }
        for (Controller c : new Controller[] {Controller.MEMORY, Controller.CPU, Controller.PIDS}) {
            if (!host.v2Controllers().contains(c)) {
                return "the cgroup v2 hierarchy does not hand HSU the " + c + " controller here (" + host.summary()
                        + ")";
            }
        }
        return null;
    }
}

package dev.hsu.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.UnitState;
import dev.hsu.spi.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The child runs inside its limits. */
class LimitsE2eTest extends E2eSupport {

    @Test
    void theChildSeesItsOpenFileAndProcessLimits() throws Exception {
        Path limits = dir.resolve("limits");
        Path pids = dir.resolve("pids.max");
        // max_processes is RLIMIT_NPROC without a pids controller, pids.max of the unit's cgroup with one.
        String script = "cat /proc/self/limits > " + q(limits)
                // pids.max lives in the v1 pids hierarchy on v1/hybrid hosts, in the unified tree on v2.
                + "; for d in $(sed -n 's#^[0-9]*:pids:#/sys/fs/cgroup/pids#p; s#^0::#/sys/fs/cgroup#p' /proc/self/cgroup);"
                + " do if [ -r $d/pids.max ]; then cat $d/pids.max > " + q(pids) + "; fi; done; exit 0";
        master.register(sh("limited", script)
                .resources(ResourceLimits.builder().maxOpenFiles(123L).maxProcesses(45).build()).build());

        join(master.start("limited"));
        awaitState("limited", UnitState.EXITED);

        String text = Files.readString(limits);
        assertEquals(Optional.of("123 123"), limit(text, "Max open files"), text);
        boolean nproc = limit(text, "Max processes").equals(Optional.of("45 45"));
        boolean pidsMax = Files.exists(pids) && Files.readString(pids).trim().equals("45");
        assertTrue(nproc || pidsMax, "max_processes 45 is neither RLIMIT_NPROC nor pids.max:\n" + text);
    }

    /** "soft hard" of one row of /proc/<pid>/limits. */
    private static Optional<String> limit(String limitsFile, String name) {
        return limitsFile.lines().filter(l -> l.startsWith(name)).findFirst()
                .map(l -> l.substring(name.length()).trim().split("\\s+"))
                .map(cols -> cols[0] + " " + cols[1]);
    }
}

package dev.hsu.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.PreparedLaunch;
import dev.hsu.spi.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event loop thread runs SCHED_BATCH; no child, spawned on it or elsewhere, inherits that. */
class LoopSchedulingTest {
    private final Children children = new Children();

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    @Test
    void theLoopRunsBatchAndItsChildrenRunOther() throws Exception {
        assumeTrue(LoopScheduling.enabled(), "the master does not run SCHED_OTHER, or -Dhsu.linux.loopBatch=false");
        LaunchedProcess first = children.launch(Specs.run("/bin/sleep", "1000").build());
        assertEquals(Sys.SCHED_BATCH, policy(loopThreadStat()), "the event loop thread's policy");
        assertEquals(Sys.SCHED_OTHER, policy(Path.of("/proc/" + first.pid() + "/stat")), "a launched child's policy");

        // A prepared restart is spawned by the loop thread itself.
        PreparedLaunch next = children.launcher().prepare(Specs.run("/bin/sleep", "1001").build()).orElseThrow();
        assertTrue(first.respawnOnExit(next, s -> true));
        children.signaller().signal(first, Signal.KILL);
        assertTrue(first.onExit().get(10, TimeUnit.SECONDS) instanceof ExitStatus.Killed);
        LaunchedProcess replacement = children.track(first.replacement().orElseThrow());
        assertEquals(Sys.SCHED_OTHER, policy(Path.of("/proc/" + replacement.pid() + "/stat")),
                "the policy of a child spawned on the event loop thread");
    }

    /** Field 41 of /proc/.../stat. */
    private static int policy(Path stat) throws Exception {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[41 - 3]);
    }

    private static Path loopThreadStat() throws Exception {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                if (Files.readString(t.resolve("comm")).trim().equals(EventLoop.THREAD_NAME.substring(0, 15))) {
                    return t.resolve("stat");
                }
            }
        }
        throw new AssertionError("no event loop thread");
    }
}

package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.linux.internal.cgroup.BlockDevices;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.PreparedLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Launches prepared ahead (armed restarts) hold a bounded share of the master's descriptors, so
 * that starts never fail with EMFILE because of them. The launcher under test gets a small
 * stand-in for the open-file limit; the JVM's real one is not touched.
 */
class PreparedFdBudgetTest {
    private final Children children = new Children();
    private final List<PreparedLaunch> prepared = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        prepared.forEach(PreparedLaunch::close);
        children.cleanUp();
    }

    @Test
    void reservesUpToAQuarterOfTheLimitAndGivesItBack() {
        PreparedFdBudget budget = new PreparedFdBudget(() -> 40);
        assertTrue(budget.reserve(4));
        assertTrue(budget.reserve(6));
        assertFalse(budget.reserve(1), "10 of 40 are held");
        assertEquals(10, budget.held());
        budget.release(4);
        assertTrue(budget.reserve(4));
        assertEquals(10, budget.held());
    }

    @Test
    void aTableHalfFullIsCrowdedAndAnUnknownLimitNeverIs() {
        PreparedFdBudget budget = new PreparedFdBudget(() -> 1000);
        assertFalse(budget.crowded(499));
        assertTrue(budget.crowded(500));
        assertFalse(budget.crowded(-1), "no descriptor");
        PreparedFdBudget unknown = new PreparedFdBudget(() -> 0);
        assertTrue(unknown.reserve(1_000_000));
        assertFalse(unknown.crowded(Integer.MAX_VALUE));
    }

    @Test
    void preparedLaunchesStopAtAQuarterOfTheLimit() throws Exception {
        assumeTrue(LibcOptional.HAS_ADDCLOSEFROM, "no prepared launches with this C library");
        long[] limit = new long[1];
        PreparedFdBudget budget = new PreparedFdBudget(() -> limit[0]);
        LinuxProcessLauncher launcher = launcher(budget); // first: it may start the shared event loop
        LaunchSpec spec = captured();
        long open = openFds();
        limit[0] = 4 * open + 200; // its half lies beyond the quarter, so the share rule stops first

        int made = prepareUntilRefused(launcher, spec);

        assertTrue(made > 0, "nothing was prepared");
        assertEquals(4L * made, budget.held(), "two pipes, both ends, per prepared launch");
        assertTrue(budget.held() <= limit[0] / 4 && budget.held() + 4 > limit[0] / 4,
                budget.held() + " descriptors held for a limit of " + limit[0]);
        // Other threads of this JVM may hold a descriptor for a moment.
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> openFds() == open + budget.held());

        LaunchedProcess started = children.track(((PreparedLinuxLaunch) prepared.remove(0)).start());
        assertEquals(4L * (made - 1), budget.held(), "a start gives its share back");
        children.signaller().signal(started, dev.hsu.spi.Signal.KILL);
        prepared.remove(0).close();
        assertEquals(4L * (made - 2), budget.held(), "so does a close");
        assertTrue(launcher.prepare(captured()).map(prepared::add).orElse(false), "room again");
    }

    @Test
    void noLaunchIsPreparedOnceTheDescriptorTableIsHalfFull() throws Exception {
        assumeTrue(LibcOptional.HAS_ADDCLOSEFROM, "no prepared launches with this C library");
        long[] limit = new long[1]; // 0 at first: unknown, no rule applies
        PreparedFdBudget budget = new PreparedFdBudget(() -> limit[0]);
        LinuxProcessLauncher launcher = launcher(budget);
        LaunchSpec spec = captured();
        // The first launch takes the four lowest free numbers, so every number up to its highest
        // is in use afterwards; the next ones count up from there.
        PreparedLinuxLaunch first = (PreparedLinuxLaunch) launcher.prepare(spec).orElseThrow();
        prepared.add(first);
        int highest = first.highestPipeFd();
        limit[0] = 2L * (highest + 9); // half of it: 8 numbers above, room for two more launches

        int made = prepareUntilRefused(launcher, spec);

        // A descriptor that another thread closes meanwhile leaves a lower number free: one more.
        assertTrue(made >= 2 && made <= 3, made + " launches prepared after the first, for a table half full at "
                + (highest + 9));
        assertTrue(budget.held() < limit[0] / 4, "stopped by the table, not by the share");
    }

    private int prepareUntilRefused(LinuxProcessLauncher launcher, LaunchSpec spec) throws Exception {
        for (int i = 0; i < 1000; i++) {
            Optional<PreparedLaunch> p = launcher.prepare(spec);
            if (p.isEmpty()) {
                return i;
            }
            prepared.add(p.get());
        }
        throw new AssertionError("1000 launches prepared: no budget applies");
    }

    private static LaunchSpec captured() {
        return Specs.run("/bin/sleep", "1000").stdout(new OutputTarget.Capture(new CollectingSink()))
                .stderr(new OutputTarget.Capture(new CollectingSink())).build();
    }

    private static LinuxProcessLauncher launcher(PreparedFdBudget budget) throws NativeCallException {
        ProcFs proc = Children.PROC;
        long ticks = Libc.sysconf(Sys.SC_CLK_TCK);
        return new LinuxProcessLauncher(EventLoop.shared(Arch.current().orElseThrow()),
                new StartTimes(proc, proc.bootTimeSeconds().orElseThrow(), ticks > 0 ? ticks : 100),
                new MasterLimits(proc), BlockDevices.system(), null, budget);
    }

    private static long openFds() throws java.io.IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count() - 1; // the listing's own descriptor
        }
    }
}

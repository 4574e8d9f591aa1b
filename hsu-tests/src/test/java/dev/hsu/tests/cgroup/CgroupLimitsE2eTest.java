package dev.hsu.tests.cgroup;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.ExitCause;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.ResourceUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The limits of the issue, enforced by the kernel for units of a real {@link dev.hsu.core.Master}:
 * on this build machine by its v1 controllers, on a v2 host by v2. A test is skipped, with the
 * reason, where the host cannot enforce its limit.
 */
class CgroupLimitsE2eTest extends CgroupE2eSupport {
    private static final long MIB = 1L << 20;

    @Test
    void theProgramsFirstInstructionPrintsItsUnitsCgroup() {
        requireTreeKill();
        requireLimits(LimitKind.MEMORY);
        master.register(ManagedUnit.builder("placed").executable("cat").args("/proc/self/cgroup")
                .restartPolicy(RestartPolicy.NEVER).resources(ResourceLimits.builder().memory(256 * MIB).build()).build());
        join(master.start("placed"));
        awaitState("placed", UnitState.EXITED);
        await().atMost(WAIT).until(() -> !consoleOf("placed").isEmpty());
        List<String> lines = consoleOf("placed");
        Pattern ours = Pattern.compile(".*/hsu-" + ProcessHandle.current().pid() + "-\\d+/placed\\.\\d+");
        // Tracking: the v2 line (pure v2 or hybrid), else the v1 freezer.
        assertTrue(lines.stream().anyMatch(l -> (l.startsWith("0::") || l.contains(":freezer:"))
                && ours.matcher(l).matches()), "not placed for tracking:\n" + String.join("\n", lines));
        // Memory: v1 memory hierarchy or the v2 line.
        assertTrue(lines.stream().anyMatch(l -> (l.contains(":memory:") || l.startsWith("0::") && !hasV1Memory(lines))
                && ours.matcher(l).matches()), "not placed for memory:\n" + String.join("\n", lines));
    }

    private static boolean hasV1Memory(List<String> lines) {
        return lines.stream().anyMatch(l -> l.contains(":memory:"));
    }

    @Test
    void anOomKillIsTheExitCauseAndFeedsTheRestartPolicy() {
        requireLimits(LimitKind.MEMORY);
        master.register(ManagedUnit.builder("hungry").executable("dd")
                .args("if=/dev/zero", "of=/dev/null", "bs=256M", "count=1")
                .resources(ResourceLimits.builder().memory(64 * MIB).build())
                .restartPolicy(RestartPolicy.ON_FAILURE).maxRetries(1).retryDelay(Duration.ZERO).build());
        join(master.start("hungry"));
        UnitStatus s = awaitState("hungry", UnitState.FAILED);

        List<UnitEvent.ProcessExited> exits = events("hungry", UnitEvent.ProcessExited.class);
        assertEquals(2, exits.size(), "a first run and one restart: " + exits);
        for (UnitEvent.ProcessExited e : exits) {
            ExitCause.LimitExceeded oom = assertInstanceOf(ExitCause.LimitExceeded.class, e.cause());
            assertEquals("OOM (memory limit 64MiB)", oom.describe());
            assertEquals(LimitKind.MEMORY, oom.violation().kind());
        }
        assertEquals(1, events("hungry", UnitEvent.RestartScheduled.class).size());
        assertTrue(s.reason().contains("OOM (memory limit 64MiB)"), s.reason());
    }

    @Test
    void aForkLoopNeverExceedsMaxProcessesAndTheUnitIsStillStoppable() {
        requireTreeKill();
        requireLimits(LimitKind.MAX_PROCESSES);
        // perl keeps going when fork fails (undef), unlike sh: 60 asked for, 20 processes allowed.
        master.register(ManagedUnit.builder("forky").executable("perl").args("-e",
                "$| = 1; my $ok = 0; for (1..60) { my $p = fork; if (defined $p && $p == 0) { sleep 1000; exit 0 } "
                        + "$ok++ if defined $p } print \"forked $ok\\n\"; sleep 1000")
                .resources(ResourceLimits.builder().maxProcesses(20).build())
                .restartPolicy(RestartPolicy.NEVER).gracefulTimeout(Duration.ofSeconds(5)).build());
        long pid = join(master.start("forky")).pid();
        await().atMost(WAIT).until(() -> consoleOf("forky").stream().anyMatch(l -> l.startsWith("forked ")));
        assertEquals(List.of("forked 19"), consoleOf("forky"), "20 processes: perl and 19 children");
        ResourceUsage u = master.usage("forky");
        assertEquals(20, u.processes());
        List<Long> children = descendants(pid);
        children.forEach(this::track);
        assertEquals(19, children.size());

        UnitStatus s = join(master.stop("forky"));

        assertEquals(UnitState.STOPPED, s.state());
        await().atMost(WAIT).until(() -> !running(pid) && children.stream().noneMatch(CgroupE2eSupport::running));
    }

    @Test
    void aBusyLoopUnderHalfACoreUsesAtMostHalfACpuSecondPerSecond() {
        requireLimits(LimitKind.CPU);
        master.register(sh("busy", "while :; do :; done & while :; do :; done")
                .resources(ResourceLimits.builder().cpu(0.5).build()).build());
        join(master.start("busy"));
        await().atMost(WAIT).until(() -> master.usage("busy").processes() == 2);
        ResourceUsage start = master.usage("busy");
        long t0 = System.nanoTime();
        await().atMost(WAIT).until(() -> System.nanoTime() - t0 >= 3_000_000_000L);
        ResourceUsage end = master.usage("busy");
        double perSecond = (end.cpuTimeNanos() - start.cpuTimeNanos()) / ((System.nanoTime() - t0) / 1e9) / 1e9;
        assertTrue(perSecond <= 0.55, "used " + perSecond + " CPU-seconds per second under cpu: 0.5");
        assertTrue(perSecond >= 0.1, "the loops hardly ran (" + perSecond + "); the test proves nothing");
    }

    @Test
    void aDoubleForkingSetsidDaemonIsGoneAfterStop() throws Exception {
        requireTreeKill();
        Path pidFile = dir.resolve("daemon.pid");
        master.register(sh("daemonizer", "setsid sh -c 'sleep 1000 & echo $! > " + q(pidFile) + "'; exec sleep 1000")
                .build());
        long pid = join(master.start("daemonizer")).pid();
        await().atMost(WAIT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long daemon = Long.parseLong(Files.readString(pidFile).trim());
        track(daemon);
        await().atMost(WAIT).until(() -> !descendants(pid).contains(daemon));
        assertTrue(running(daemon), "the daemon runs, outside the unit's process tree and group");

        join(master.stop("daemonizer"));

        await().atMost(WAIT).until(() -> !running(daemon));
    }

    @Test
    void usageCountsEveryProcessOfTheUnit() {
        requireTreeKill();
        master.register(sh("counted", "sleep 1000 & sleep 1000 & wait").build());
        join(master.start("counted"));
        await().atMost(WAIT).until(() -> master.usage("counted").processes() == 3);
        ResourceUsage u = master.usage("counted");
        assertTrue(u.threads() >= 3 && u.openFiles() >= 9, u.toString());
        assertTrue(u.memoryBytes() != 0 && u.cpuTimeNanos() >= 0, u.toString());
        join(master.stop("counted"));
        assertFalse(master.usage("counted").processes() > 0);
    }

    static List<Long> descendants(long pid) {
        List<Long> out = new java.util.ArrayList<>();
        collect(pid, out);
        return out;
    }

    private static void collect(long pid, List<Long> out) {
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks) {
                for (String token : Files.readString(t.resolve("children")).trim().split("\\s+")) {
                    if (!token.isEmpty()) {
                        long child = Long.parseLong(token);
                        out.add(child);
                        collect(child, out);
                    }
                }
            }
        } catch (java.io.IOException e) {
            // gone
        }
    }
}

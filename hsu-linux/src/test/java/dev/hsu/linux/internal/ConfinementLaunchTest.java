package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Children started through the exec trampoline: rlimits, niceness, and nothing else changed. */
class ConfinementLaunchTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ResourceLimits LIMITS = ResourceLimits.builder().maxOpenFiles(123L).maxProcesses(4567).build();

    private final Children children = new Children();

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    @Test
    void theChildRunsWithItsRlimitsSoftAndHard() throws Exception {
        CollectingSink out = new CollectingSink();
        LaunchedProcess p = children.launch(Specs.run("cat", "/proc/self/limits").limits(LIMITS)
                .stdout(new OutputTarget.Capture(out)).build());
        assertEquals(new ExitStatus.Exited(0), p.onExit().get(10, TimeUnit.SECONDS));
        await().atMost(WAIT).until(out::isClosed);
        assertEquals(List.of("123", "123"), limitRow(out.text(), "Max open files"));
        // max_processes is pids.max of the unit's cgroup where a pids controller is in reach, else RLIMIT_NPROC.
        var pids = ((LinuxConfinement) p.confinement()).cgroup() == null ? java.util.Optional.<java.nio.file.Path>empty()
                : ((LinuxConfinement) p.confinement()).cgroup().dirFor(dev.hsu.linux.internal.cgroup.Controller.PIDS)
                        .map(d -> d.path().resolve("pids.max"));
        if (pids.isPresent()) {
            assertEquals("4567", Files.readString(pids.get()).trim());
        } else {
            assertEquals(List.of("4567", "4567"), limitRow(out.text(), "Max processes"));
        }
    }

    @Test
    void theTrampolineLeavesArgvEnvironmentAndCwdExactlyAsGiven() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("SPACED", "a b");
        env.put("UNICODE", "ü ✓");
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        List<String> args = List.of("-c", "sleep 1000; :", "sh", "two words", "$x \"'", "ü", "");
        LaunchedProcess p = children.launch(Specs.run("/bin/sh", args.toArray(String[]::new))
                .env(env).cwd(cwd).limits(LIMITS).niceness(5).build());

        List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh"));
        argv.addAll(args);
        byte[] expected = LinuxProcessLauncherTest.nulJoined(argv);
        // The trampoline is a /bin/sh too: wait until the program's own argv is in place.
        await().atMost(WAIT).until(() -> java.util.Arrays.equals(expected, Files.readAllBytes(procFile(p, "cmdline"))));
        assertEquals(LinuxProcessLauncherTest.envSet(env),
                LinuxProcessLauncherTest.envSet(Files.readAllBytes(procFile(p, "environ"))));
        assertEquals(cwd.toRealPath(), Files.readSymbolicLink(procFile(p, "cwd")));
        assertEquals(p.pid(), Children.PROC.stat(p.pid()).orElseThrow().pgrp(), "still its own group leader");
        assertEquals(java.util.Set.of("0", "1", "2"), LinuxProcessLauncherTest.fds(p.pid()));
    }

    @Test
    void aPwdInTheUnitsEnvironmentSurvivesTheTrampolineUnchanged() throws Exception {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "PWD", "/not/the/real/one", "SHLVL", "7", "_", "x");
        LaunchedProcess p = children.launch(Specs.run("sleep", "1000").env(env).limits(LIMITS).build());
        awaitProgram(p, "sleep");
        assertEquals(LinuxProcessLauncherTest.envSet(env),
                LinuxProcessLauncherTest.envSet(Files.readAllBytes(procFile(p, "environ"))));
    }

    @Test
    void theChildRunsAtItsNiceness() throws Exception {
        int master = MasterLimits.currentNiceness();
        LaunchedProcess p = children.launch(Specs.run("sleep", "1000").niceness(master + 7).build());
        awaitProgram(p, "sleep");
        assertEquals(master + 7, Children.PROC.stat(p.pid()).orElseThrow().nice());
    }

    @Test
    void aNegativeNicenessIsAppliedWhenTheMasterMayRaisePriority() throws Exception {
        ProcStatus self = Children.PROC.status("self").orElseThrow();
        assumeTrue(self.hasCapability(ProcStatus.CAP_SYS_NICE), "needs CAP_SYS_NICE");
        LaunchedProcess p = children.launch(Specs.run("sleep", "1000").niceness(-5).build());
        awaitProgram(p, "sleep");
        assertEquals(-5, Children.PROC.stat(p.pid()).orElseThrow().nice());
    }

    @Test
    void withoutCgroupsTheSameNicenessAsTheMasterNeedsNoTrampoline() throws Exception {
        LinuxPorts plain = new LinuxPorts(Path.of("/proc"), null);
        var confinement = plain.limiter().confine("plain", ResourceLimits.NONE);
        LaunchedProcess p = plain.launcher().launch(new dev.hsu.spi.LaunchSpec("plain", "sleep", List.of("1000"),
                Children.baseEnvironment(), null, OutputTarget.discard(), OutputTarget.discard(),
                MasterLimits.currentNiceness(), confinement));
        try {
            // Direct spawn: the first command line the process shows is the program's, no shell in
            // between (right after execve the kernel may show none for a moment).
            await().atMost(WAIT).until(() -> !LinuxProcessLauncherTest.cmdline(p.pid()).isEmpty());
            assertEquals("sleep 1000", LinuxProcessLauncherTest.cmdline(p.pid()));
        } finally {
            plain.signaller().killTree(p);
            p.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNicenessOutOfRangeIsALaunchException() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> children.launch(Specs.run("sleep", "1").niceness(25).build()));
        assertTrue(e.getMessage().contains("niceness 25 is outside -20..19"), e.getMessage());
    }

    @Test
    void anOpenFileLimitAboveTheKernelMaximumIsALaunchException() throws Exception {
        long nrOpen = Children.PROC.number("sys/fs/nr_open").orElseThrow();
        LaunchException e = assertThrows(LaunchException.class, () -> children.launch(Specs.run("sleep", "1")
                .limits(ResourceLimits.builder().maxOpenFiles(nrOpen + 1).build()).build()));
        assertTrue(e.getMessage().contains("max_open_files " + (nrOpen + 1) + " is above the kernel's maximum"),
                e.getMessage());
    }

    private static Path procFile(LaunchedProcess p, String name) {
        return Path.of("/proc/" + p.pid() + "/" + name);
    }

    /** The trampoline runs first; wait until the program itself has replaced it. */
    private static void awaitProgram(LaunchedProcess p, String program) {
        await().atMost(WAIT).until(() -> LinuxProcessLauncherTest.cmdline(p.pid()).startsWith(program + " ")
                || LinuxProcessLauncherTest.cmdline(p.pid()).equals(program));
    }

    private static List<String> limitRow(String limits, String name) {
        Matcher m = Pattern.compile("^" + name + "\\s+(\\S+)\\s+(\\S+)", Pattern.MULTILINE).matcher(limits);
        assertTrue(m.find(), limits);
        return List.of(m.group(1), m.group(2));
    }
}

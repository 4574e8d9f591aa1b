package dev.hsu.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trampoline's argv layout, and its behaviour when a step fails, run for real. */
class TrampolineTest {

    private static final ShellProfile DASH = new ShellProfile("/bin/sh", "-p", true, "/usr/bin/nice", "/usr/bin/env");
    private static final ShellProfile BASH = new ShellProfile("/bin/sh", "-u", false, "/usr/bin/nice", "/usr/bin/env");
    private static final List<PreExecStep> STEPS =
            List.of(new SetRlimit(Rlimit.NOFILE, 64), new SetRlimit(Rlimit.NPROC, 99));

    @TempDir
    Path tmp;

    @Test
    void valuesTravelAsOperandsNeverInsideTheScript() {
        Trampoline.Invocation t = Trampoline.build(DASH, STEPS, 3, Map.of("PWD", "/x'; rm -rf /"), "prog",
                List.of("$(evil)", "a b"));
        String script = t.argv().get(2);
        assertFalse(script.contains("64") || script.contains("99") || script.contains("evil")
                || script.contains("rm -rf"), script);
        assertTrue(script.contains("ulimit -n \"$1\"") && script.contains("ulimit -p \"$1\""), script);
        assertEquals(List.of("/bin/sh", "-c", script, "hsu-exec", "64", "99", "=/x'; rm -rf /", "--",
                "/usr/bin/nice", "-n", "3", "--", "prog", "$(evil)", "a b"), t.argv());
    }

    @Test
    void onShellsOtherThanDashTheEnvironmentIsRepairedByEnv() {
        Trampoline.Invocation t = Trampoline.build(BASH, STEPS, 0, Map.of("SHLVL", "4"), "prog", List.of("x"));
        assertTrue(t.argv().get(2).contains("ulimit -u \"$1\""));
        assertEquals(List.of("hsu-exec", "64", "99", "--", "/usr/bin/env", "-u", "PWD", "-u", "_", "--", "SHLVL=4",
                "prog", "x"), t.argv().subList(3, t.argv().size()));
    }

    @Test
    void anExecutableWithAnEqualsSignCannotGoThroughEnv() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trampoline.build(BASH, STEPS, 0, Map.of(), "./a=b", List.of()));
        assertTrue(e.getMessage().contains("'='"), e.getMessage());
    }

    @Test
    void whenAStepFailsTheProgramNeverRunsAndTheTrampolineSaysWhy() throws Exception {
        ShellProfile shell = ShellProfile.detect();
        long tooMany = Children.PROC.number("sys/fs/nr_open").orElseThrow() + 1;
        Path marker = tmp.resolve("ran");
        Path err = tmp.resolve("err");
        Trampoline.Invocation t = Trampoline.build(shell, List.of(new SetRlimit(Rlimit.NOFILE, tooMany)), 0,
                Children.baseEnvironment(), "/usr/bin/touch", List.of(marker.toString()));
        List<byte[]> argv = new ArrayList<>();
        t.argv().forEach(a -> argv.add(a.getBytes(StandardCharsets.UTF_8)));
        List<byte[]> env = new ArrayList<>();
        Children.baseEnvironment().forEach((k, v) -> env.add((k + "=" + v).getBytes(StandardCharsets.UTF_8)));
        byte[] devNull = "/dev/null".getBytes(StandardCharsets.UTF_8);
        SpawnPlan plan = new SpawnPlan(t.path().getBytes(StandardCharsets.UTF_8), argv, env, null, List.of(
                new SpawnPlan.FdAction.Open(0, devNull, Sys.O_RDONLY, 0),
                new SpawnPlan.FdAction.Open(1, devNull, Sys.O_WRONLY, 0),
                new SpawnPlan.FdAction.Open(2, err.toString().getBytes(StandardCharsets.UTF_8),
                        Sys.O_WRONLY | Sys.O_CREAT | Sys.O_TRUNC, 0644)));
        int pid = Spawner.spawn(plan);
        try (Memory status = new Memory(4)) {
            assertEquals(pid, Libc.waitpid(pid, status, 0));
            assertEquals(new dev.hsu.spi.ExitStatus.Exited(Trampoline.FAILURE_EXIT_CODE),
                    WaitStatus.decode(status.getInt(0)));
        }
        assertFalse(Files.exists(marker), "the program must not run outside its limits");
        assertTrue(Files.readString(err).contains("hsu-exec: cannot set max_open_files to " + tooMany),
                Files.readString(err));
    }

    @Test
    void throughBashTheEnvironmentStillArrivesExactly() throws Exception {
        Path bash = Path.of("/bin/bash");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bash), "needs bash");
        ShellProfile profile = new ShellProfile(bash.toString(), "-u", false, "/usr/bin/nice", "/usr/bin/env");
        for (Map<String, String> env : List.of(Map.of("PATH", "/usr/bin:/bin", "A", "1"),
                Map.of("PATH", "/usr/bin:/bin", "PWD", "/elsewhere", "SHLVL", "7", "_", "mine"))) {
            Trampoline.Invocation t = Trampoline.build(profile, STEPS, 2, env, "sleep", List.of("1000"));
            int pid = spawn(t, env);
            try {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> LinuxProcessLauncherTest.cmdline(pid).equals("sleep 1000"));
                assertEquals(LinuxProcessLauncherTest.envSet(env),
                        LinuxProcessLauncherTest.envSet(Files.readAllBytes(Path.of("/proc/" + pid + "/environ"))));
                assertEquals(MasterLimits.currentNiceness() + 2, Children.PROC.stat(pid).orElseThrow().nice());
            } finally {
                Libc.kill(pid, LinuxSignals.SIGKILL);
                try (Memory status = new Memory(4)) {
                    Libc.waitpid(pid, status, 0);
                }
            }
        }
    }

    private static int spawn(Trampoline.Invocation t, Map<String, String> environment) throws Exception {
        List<byte[]> argv = new ArrayList<>();
        t.argv().forEach(a -> argv.add(a.getBytes(StandardCharsets.UTF_8)));
        List<byte[]> env = new ArrayList<>();
        environment.forEach((k, v) -> env.add((k + "=" + v).getBytes(StandardCharsets.UTF_8)));
        byte[] devNull = "/dev/null".getBytes(StandardCharsets.UTF_8);
        return Spawner.spawn(new SpawnPlan(t.path().getBytes(StandardCharsets.UTF_8), argv, env, null, List.of(
                new SpawnPlan.FdAction.Open(0, devNull, Sys.O_RDONLY, 0),
                new SpawnPlan.FdAction.Open(1, devNull, Sys.O_WRONLY, 0),
                new SpawnPlan.FdAction.Open(2, devNull, Sys.O_WRONLY, 0))));
    }

    @Test
    void theShellProfileOfThisHostWorks() {
        ShellProfile shell = ShellProfile.detect();
        assertTrue(List.of("-u", "-p").contains(shell.processLimitOption()), String.valueOf(shell));
        assertTrue(shell.nice() != null && Files.isExecutable(Path.of(shell.nice())));
    }
}

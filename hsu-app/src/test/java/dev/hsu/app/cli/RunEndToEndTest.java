package dev.hsu.app.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.hsu.app.platform.PlatformSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hsu run} as a user runs it: a real JVM with the real platform adapter, real children,
 * real signals. Every child pid printed by hsu is killed after the test if it is still there.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class RunEndToEndTest {
    private static final Pattern PID = Pattern.compile("RUNNING\\s+pid (\\d+)");

    @TempDir
    Path dir;

    private Process hsu;
    // Files, not pipes: what hsu wrote is all there once it has exited, with no reader racing
    // the JDK's closing of the pipes.
    private Path stdoutFile;
    private Path stderrFile;

    @BeforeEach
    void needsTheAdapterOfThisOs() {
        // Until the adapter module registers its provider (it is being written), there is nothing
        // to run on. Once registered, an unavailable adapter makes these tests fail, not skip.
        String os = OS.current() == OS.MAC ? "macos" : "linux";
        assumeTrue(PlatformSelector.discover().stream()
                        .anyMatch(c -> c.provider() != null && c.provider().id().equals(os)),
                "no '" + os + "' PlatformProvider is registered on the class path yet");
    }

    @AfterEach
    void cleanUp() {
        if (hsu != null && hsu.isAlive()) {
            hsu.destroyForcibly();
        }
        for (long pid : childPids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private String stdout() {
        return read(stdoutFile);
    }

    private String stderr() {
        return read(stderrFile);
    }

    private static String read(Path file) {
        try {
            return file == null || !Files.exists(file) ? "" : Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        Matcher m = PID.matcher(stdout());
        while (m.find()) {
            pids.add(Long.parseLong(m.group(1)));
        }
        return pids;
    }

    private void start(String yaml) throws IOException {
        start(yaml, List.of());
    }

    private void start(String yaml, List<String> options) throws IOException {
        Path file = Files.writeString(dir.resolve("hsu.yaml"), yaml);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        stdoutFile = dir.resolve("hsu.out");
        stderrFile = dir.resolve("hsu.err");
        List<String> command = new ArrayList<>(resetSigint());
        command.addAll(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "--enable-native-access=ALL-UNNAMED", "dev.hsu.app.cli.Main", "run"));
        command.addAll(options);
        command.add(file.toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        // Never the user's default state directory (/run/hsu, $XDG_RUNTIME_DIR/hsu): a master running
        // there, or another test, would make this one refuse to start.
        pb.environment().put("HSU_STATE_DIR", dir.resolve("default-state").toString());
        hsu = pb
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdoutFile.toFile())
                .redirectError(stderrFile.toFile())
                .start();
    }

    /**
     * A process started in the background by a non-interactive shell has SIGINT ignored, and an
     * ignored signal stays ignored across exec: the JVM then cannot trap it (Ctrl-C semantics of
     * nohup). When this test runs so, GNU env resets SIGINT to its default for hsu.
     */
    private static List<String> resetSigint() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").start();
            return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0
                    ? List.of("env", "--default-signal=INT") : List.of();
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(hsu.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " failed");
    }

    private String transcript() {
        return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
    }

    @Test
    void runsUnitsRestartsAFailingJobAndStopsGracefullyOnSigterm() throws Exception {
        start("""
                units:
                  worker:
                    executable: /bin/sh
                    args:
                      - -c
                      - |
                        trap 'echo "worker: bye"; exit 0' TERM
                        i=0
                        while true; do i=$((i + 1)); echo "tick $i"; sleep 0.2; done
                  job:
                    executable: /bin/sh
                    args:
                      - -c
                      - |
                        n=$(( $(cat count 2>/dev/null || echo 0) + 1 ))
                        echo "$n" > count
                        echo "run $n" >&2
                        [ "$n" -ge 3 ]
                    working_directory: .
                    restart: {policy: on-failure, retry_delay: 100ms, backoff_rate: 2, jitter: 0}
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> stdout().matches("(?s).*job +EXITED.*")
                && stdout().contains("worker | tick 2"));
        String out = stdout();
        assertTrue(out.matches("(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{3} worker +RUNNING +pid \\d+.*"), transcript());
        assertTrue(out.matches("(?s).*job +exited +pid \\d+: exit code 1 after .*"), transcript());
        assertTrue(out.matches("(?s).*job +restart +attempt 1 in 100ms.*"), transcript());
        assertTrue(out.matches("(?s).*job +restart +attempt 2 in 200ms.*"), transcript());
        assertTrue(out.matches("(?s).*job +exited +pid \\d+: exit code 0 after .*"), transcript());
        // The job's stderr went to hsu's stderr, prefixed.
        assertTrue(stderr().contains("job    | run 3"), transcript());

        hsu.destroy(); // SIGTERM
        assertTrue(hsu.waitFor(20, TimeUnit.SECONDS), transcript());
        assertEquals(0, hsu.exitValue(), transcript());
        assertTrue(stderr().contains("hsu: SIGTERM received, stopping 1 running unit(s) gracefully"),
                transcript());
        assertTrue(stdout().contains("worker | worker: bye"), transcript());
        assertTrue(stdout().matches("(?s).*hsu: 2 unit\\(s\\) stopped in .*\n  worker +STOPPED .*"),
                transcript());
        for (long pid : childPids()) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            assertFalse(p.isPresent() && p.get().isAlive(), "child " + pid + " survived\n" + transcript());
        }
    }

    @Test
    void aSecondSigintKillsUnitsThatIgnoreTheStopSignalAndExits130() throws Exception {
        start("""
                units:
                  stubborn:
                    executable: /bin/sh
                    args: [-c, "trap '' TERM INT; echo ready; while true; do sleep 1; done"]
                    graceful_timeout: 60s
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> stdout().contains("stubborn | ready"));
        signal("INT");
        await().atMost(Duration.ofSeconds(10)).until(() -> stderr().contains("hsu: SIGINT received"));
        signal("INT");
        assertTrue(hsu.waitFor(20, TimeUnit.SECONDS), transcript());
        assertEquals(130, hsu.exitValue(), transcript());
        assertTrue(stderr().contains("hsu: SIGINT received again: killing every unit now"), transcript());
        assertTrue(stdout().contains("hsu: 1 unit(s) killed in"), transcript());
        long pid = childPids().get(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void theControlApiOfTheStateDirectoryServesStatusAndShutdown() throws Exception {
        Path state = dir.resolve("state");
        start("""
                units:
                  sleeper:
                    executable: /bin/sleep
                    args: [600]
                """, List.of("--state-dir", state.toString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> stdout().matches("(?s).*sleeper +RUNNING +pid \\d+.*"));

        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine client = Cli.commandLine(() -> null);
        client.setOut(new java.io.PrintWriter(out, true));
        assertEquals(0, client.execute("status", "--state-dir", state.toString()), transcript());
        assertTrue(out.toString().matches("(?s)UNIT +STATE +HEALTH +PID.*\nsleeper +RUNNING +- +" + childPids().get(0) + " .*"),
                out.toString());

        assertEquals(0, Cli.commandLine(() -> null).execute("shutdown", "--state-dir", state.toString()));
        assertTrue(hsu.waitFor(20, TimeUnit.SECONDS), transcript());
        assertEquals(0, hsu.exitValue(), transcript());
        assertTrue(stderr().contains("hsu: shutdown requested through the control API, stopping 1 running unit(s)"),
                transcript());
        assertFalse(Files.exists(state.resolve("hsu.sock")), "the socket is removed at exit");
    }

    @Test
    void manyUnitsStartInParallelAndTheSummaryGroupsThemByOutcome() throws Exception {
        StringBuilder yaml = new StringBuilder("units:\n");
        for (int i = 1; i <= 25; i++) {
            yaml.append("  u").append(i).append(": {executable: /bin/sleep, args: [600]}\n");
        }
        start(yaml.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> childPids().size() == 25);
        hsu.destroy();
        assertTrue(hsu.waitFor(30, TimeUnit.SECONDS), transcript());
        assertEquals(0, hsu.exitValue(), transcript());
        assertTrue(stdout().contains("hsu: 25 unit(s) stopped in "), transcript());
        assertTrue(stdout().contains("\n  25 STOPPED  stopped gracefully (killed by SIGTERM)  [u1, u2, u3, u4, u5, ...]\n"),
                transcript());
        for (long pid : childPids()) {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            assertFalse(p.isPresent() && p.get().isAlive(), "child " + pid + " survived\n" + transcript());
        }
    }

    @Test
    void anInvalidFileStartsNothingAndExits2() throws Exception {
        start("""
                units:
                  web:
                    executable: ./server
                    restart: {max_retries: -3}
                """);
        assertTrue(hsu.waitFor(20, TimeUnit.SECONDS), transcript());
        assertEquals(2, hsu.exitValue(), transcript());
        await().atMost(Duration.ofSeconds(5)).until(() -> stderr().contains("; nothing was started"));
        assertTrue(stderr().contains("hsu.yaml:4:28: unit 'web': restart.max_retries: must be >= -1 (got -3)"),
                transcript());
    }
}

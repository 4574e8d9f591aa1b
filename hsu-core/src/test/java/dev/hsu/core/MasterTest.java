package dev.hsu.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.fake.FakePlatform;
import dev.hsu.core.fake.FakeProcess;
import dev.hsu.core.unit.LogConfig;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.core.unit.RestartSpec;
import dev.hsu.core.validate.InvalidUnitException;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.Signal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's state machine, driven through a test double of the ports whose processes the
 * test ends by hand. Real processes are exercised by the end-to-end tests in hsu-tests.
 */
class MasterTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path logs;

    private final FakePlatform fake = new FakePlatform();
    private final EventLog events = new EventLog();
    private final List<String> console = new CopyOnWriteArrayList<>();
    private Master master;

    private Master master() {
        return master(fake.platform(), false);
    }

    private Master master(Platform platform, boolean lenient) {
        MasterSettings settings = new MasterSettings(Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/m"), logs,
                !lenient, (unit, stream, line) -> console.add(unit + "|" + stream + "|" + line));
        master = new Master(platform, settings, () -> 0.5);
        master.subscribe(events);
        return master;
    }

    @AfterEach
    void shutdown() {
        if (master != null) {
            master.shutdown().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private static ManagedUnit.Builder unit(String name) {
        return ManagedUnit.builder(name).executable("/bin/app").restart(RestartSpec.DEFAULT
                .withRetryDelay(Duration.ZERO).withJitter(0));
    }

    private UnitStatus status(String name) {
        return master.status(name).orElseThrow();
    }

    private static UnitStatus done(CompletableFuture<UnitStatus> f) {
        return f.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private void awaitState(String name, UnitState state) {
        await().atMost(WAIT).until(() -> status(name).state() == state);
    }

    // ---- start ---------------------------------------------------------------------------

    @Test
    void startRunsTheUnitAndReportsItInOrder() {
        Master m = master();
        m.register(unit("web").build());
        assertEquals(UnitState.REGISTERED, status("web").state());
        assertEquals(-1, status("web").pid());

        UnitStatus s = done(m.start("web"));

        assertEquals(UnitState.RUNNING, s.state());
        FakeProcess p = fake.last("web");
        assertEquals(p.pid(), s.pid());
        assertEquals(0, s.restarts());
        assertTrue(s.startedAt() != null);
        // The future completes after the events that led to it were delivered.
        List<UnitEvent> seen = events.of("web");
        assertEquals(3, seen.size(), seen::toString);
        assertEquals(List.of("REGISTERED>STARTING", "STARTING>RUNNING"), events.transitions("web"));
        assertInstanceOf(UnitEvent.ProcessStarted.class, seen.get(1));
        assertEquals(p.pid(), ((UnitEvent.ProcessStarted) seen.get(1)).pid());
    }

    @Test
    void startOfARunningUnitChangesNothing() {
        Master m = master();
        m.register(unit("web").build());
        long pid = done(m.start("web")).pid();
        assertEquals(pid, done(m.start("web")).pid());
        assertEquals(1, fake.launched("web").size());
    }

    @Test
    void theLaunchSpecCarriesEnvironmentDirectoryArgsAndNiceness() {
        Master m = master();
        m.register(unit("web").args("a b", "'q\"", "ünï").env("HOME", "/srv/web").env("X", "1")
                .workingDirectory(Path.of("/srv")).priority(7)
                .resources(ResourceLimits.builder().maxOpenFiles(100L).build()).build());
        done(m.start("web"));

        LaunchSpec spec = fake.last("web").spec();
        assertEquals("web", spec.unitId());
        assertEquals("/bin/app", spec.executable());
        assertEquals(List.of("a b", "'q\"", "ünï"), spec.args());
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "HOME", "/srv/web", "X", "1"), spec.environment());
        assertEquals(Path.of("/srv"), spec.workingDirectory());
        assertEquals(7, spec.niceness());
        assertEquals(100L, spec.confinement().limits().maxOpenFiles());
    }

    @Test
    void consoleOutputIsSplitIntoLinesPerStream() {
        Master m = master();
        m.register(unit("web").build());
        done(m.start("web"));
        LaunchSpec spec = fake.last("web").spec();
        var out = assertInstanceOf(OutputTarget.Capture.class, spec.stdout()).sink();
        var err = assertInstanceOf(OutputTarget.Capture.class, spec.stderr()).sink();
        byte[] chunk = "hello\r\nwor".getBytes(StandardCharsets.UTF_8);
        out.write(chunk, chunk.length);
        byte[] rest = "ld\nlast".getBytes(StandardCharsets.UTF_8);
        out.write(rest, rest.length);
        byte[] e = "oops\n".getBytes(StandardCharsets.UTF_8);
        err.write(e, e.length);
        out.closed();
        assertEquals(List.of("web|STDOUT|hello", "web|STDOUT|world", "web|STDERR|oops", "web|STDOUT|last"), console);
    }

    @Test
    void fileOutputIsResolvedAgainstTheLogDirectory() throws Exception {
        Master m = master();
        m.register(unit("a").stdout(OutputRedirect.file(Path.of("a/out.log")))
                .stderr(new OutputRedirect.File(Path.of("/tmp/abs-err.log"), false)).build());
        m.register(unit("b").log(new LogConfig(Path.of("units/b"), false, null, null))
                .stdout(OutputRedirect.file(Path.of("out.log"))).stderr(OutputRedirect.discard()).build());
        done(m.start("a"));
        done(m.start("b"));

        LaunchSpec a = fake.last("a").spec();
        assertEquals(new OutputTarget.ToFile(logs.resolve("a/out.log"), true), a.stdout());
        assertEquals(new OutputTarget.ToFile(Path.of("/tmp/abs-err.log"), false), a.stderr());
        assertTrue(Files.isDirectory(logs.resolve("a")), "the file's directory is created");
        LaunchSpec b = fake.last("b").spec();
        assertEquals(new OutputTarget.ToFile(logs.resolve("units/b/out.log"), true), b.stdout());
        assertInstanceOf(OutputTarget.Discard.class, b.stderr());
    }

    @Test
    void aLaunchErrorFailsThatUnitOnlyAndIsNotRetried() {
        Master m = master();
        m.register(unit("ok").build());
        m.register(unit("bad").restartPolicy(RestartPolicy.ALWAYS).maxRetries(-1).build());
        fake.failLaunches("bad", "executable /opt/missing does not exist; check the path");
        done(m.start("ok"));

        UnitStatus s = done(m.start("bad"));

        assertEquals(UnitState.FAILED, s.state());
        assertEquals("executable /opt/missing does not exist; check the path", s.reason());
        assertEquals(new ExitCause.LaunchFailed("executable /opt/missing does not exist; check the path"),
                s.lastExit());
        assertEquals(-1, s.pid());
        assertEquals(1, fake.specs().stream().filter(sp -> sp.unitId().equals("bad")).count());
        assertEquals(UnitState.RUNNING, status("ok").state());
        assertEquals(List.of("REGISTERED>STARTING", "STARTING>FAILED"), events.transitions("bad"));
        assertEquals(fake.confined(), fake.released() + 1, "the failed launch's confinement is released");
    }

    @Test
    void aFailedUnitCanBeStartedAgain() {
        Master m = master();
        m.register(unit("bad").build());
        fake.failLaunches("bad", "no such file");
        assertEquals(UnitState.FAILED, done(m.start("bad")).state());
        fake.failLaunches("bad", "still missing");
        assertEquals(UnitState.FAILED, done(m.start("bad")).state());
        assertEquals("still missing", status("bad").reason());
    }

    // ---- stop ----------------------------------------------------------------------------

    @Test
    void stopIsGracefulWhenTheProcessEndsOnTheSignal() {
        fake.behavior("web", FakeProcess.Behavior.EXITS_0_ON_SIGNAL);
        Master m = master();
        m.register(unit("web").restartPolicy(RestartPolicy.ALWAYS).build());
        done(m.start("web"));
        FakeProcess p = fake.last("web");

        UnitStatus s = done(m.stop("web"));

        assertEquals(UnitState.STOPPED, s.state());
        assertEquals(List.of(Signal.TERM), p.treeSignals());
        assertEquals(new ExitCause.Stopped(false, new ExitStatus.Exited(0)), s.lastExit());
        assertEquals(1, p.killTreeCalls(), "what the process left behind is killed once after its exit");
        assertEquals(1, fake.launched("web").size(), "a user stop never restarts");
        assertEquals(0, fake.liveConfinements().size());
        assertEquals(List.of("REGISTERED>STARTING", "STARTING>RUNNING", "RUNNING>STOPPING", "STOPPING>STOPPED"),
                events.transitions("web"));
        UnitEvent.ProcessExited exited = events.of("web", UnitEvent.ProcessExited.class).get(0);
        assertEquals(p.pid(), exited.pid());
        assertFalse(exited.ranFor().isNegative());
    }

    @Test
    void stopUsesTheUnitsStopSignal() {
        Master m = master();
        m.register(unit("web").stopSignal(Signal.INT).build());
        done(m.start("web"));
        done(m.stop("web"));
        assertEquals(List.of(Signal.INT), fake.last("web").treeSignals());
    }

    @Test
    void stopKillsTheTreeAfterTheGracefulTimeout() {
        fake.behavior("stubborn", FakeProcess.Behavior.IGNORES_SIGNALS);
        Master m = master();
        m.register(unit("stubborn").gracefulTimeout(Duration.ofMillis(150)).build());
        done(m.start("stubborn"));
        FakeProcess p = fake.last("stubborn");

        long t0 = System.nanoTime();
        UnitStatus s = done(m.stop("stubborn"));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(UnitState.STOPPED, s.state());
        assertFalse(p.isAlive());
        ExitCause.Stopped cause = assertInstanceOf(ExitCause.Stopped.class, s.lastExit());
        assertTrue(cause.forced());
        assertEquals(Signal.KILL, ((ExitStatus.Killed) cause.status()).signal());
        assertTrue(tookMs >= 140, "waited for the graceful timeout, took " + tookMs + " ms");
        assertTrue(s.reason().contains("150ms"), s.reason());
        assertTrue(s.reason().contains("SIGTERM"), s.reason());
    }

    @Test
    void stopOfAUnitWithoutProcessCompletesAtOnce() {
        Master m = master();
        m.register(unit("idle").build());
        assertEquals(UnitState.REGISTERED, done(m.stop("idle")).state());
        fake.failLaunches("bad", "missing");
        m.register(unit("bad").build());
        done(m.start("bad"));
        assertEquals(UnitState.FAILED, done(m.stop("bad")).state());
        m.register(unit("web").build());
        done(m.start("web"));
        done(m.stop("web"));
        assertEquals(UnitState.STOPPED, done(m.stop("web")).state());
        assertEquals(1, fake.last("web").treeSignals().size());
    }

    @Test
    void concurrentStopsShareOneStop() {
        fake.behavior("web", FakeProcess.Behavior.IGNORES_SIGNALS);
        Master m = master();
        m.register(unit("web").gracefulTimeout(Duration.ofMillis(100)).build());
        done(m.start("web"));
        CompletableFuture<UnitStatus> first = m.stop("web");
        CompletableFuture<UnitStatus> second = m.stop("web");
        assertEquals(UnitState.STOPPED, done(first).state());
        assertEquals(UnitState.STOPPED, done(second).state());
        assertEquals(List.of(Signal.TERM), fake.last("web").treeSignals());
    }

    // ---- exits and restart policy --------------------------------------------------------

    @Test
    void onFailureRestartsAtOnceOnTheExitPathWhenTheDelayIsZero() {
        Master m = master();
        m.register(unit("w").build());
        done(m.start("w"));
        FakeProcess first = fake.last("w");

        first.exit(3);

        await().atMost(WAIT).until(() -> fake.launched("w").size() == 2 && status("w").state() == UnitState.RUNNING);
        UnitStatus s = status("w");
        assertEquals(1, s.restarts());
        assertEquals(new ExitCause.Exited(3), s.lastExit());
        assertEquals(fake.last("w").pid(), s.pid());
        assertEquals(List.of("REGISTERED>STARTING", "STARTING>RUNNING", "RUNNING>STARTING", "STARTING>RUNNING"),
                events.transitions("w"));
        UnitEvent.RestartScheduled r = events.of("w", UnitEvent.RestartScheduled.class).get(0);
        assertEquals(1, r.attempt());
        assertEquals(Duration.ZERO, r.delay());
        assertEquals(1, first.killTreeCalls());
    }

    @Test
    void backoffDelaysGrowThenTheUnitGivesUp() {
        Master m = master();
        m.register(unit("w").restart(new RestartSpec(RestartPolicy.ON_FAILURE, 3, Duration.ofMillis(40), 2.0,
                Duration.ofSeconds(10), Duration.ofMinutes(1), 0.1)).build());
        done(m.start("w"));

        long[] launchedAt = new long[4];
        launchedAt[0] = System.nanoTime();
        for (int i = 1; i <= 3; i++) {
            int expected = i + 1;
            fake.last("w").exit(1);
            await().atMost(WAIT).until(() -> fake.launched("w").size() == expected
                    && status("w").state() == UnitState.RUNNING);
            launchedAt[i] = System.nanoTime();
        }
        fake.last("w").exit(1);
        awaitState("w", UnitState.FAILED);

        List<UnitEvent.RestartScheduled> scheduled = events.of("w", UnitEvent.RestartScheduled.class);
        assertEquals(List.of(1, 2, 3), scheduled.stream().map(UnitEvent.RestartScheduled::attempt).toList());
        // u = 0.5 gives the plain delay: 40 × 2^n.
        assertEquals(List.of(Duration.ofMillis(40), Duration.ofMillis(80), Duration.ofMillis(160)),
                scheduled.stream().map(UnitEvent.RestartScheduled::delay).toList());
        for (int i = 1; i <= 3; i++) {
            long gapMs = (launchedAt[i] - launchedAt[i - 1]) / 1_000_000;
            long delayMs = 40L << (i - 1);
            assertTrue(gapMs >= delayMs - 5, "restart " + i + " came after " + gapMs + " ms, delay " + delayMs);
        }
        UnitStatus s = status("w");
        assertEquals(3, s.restarts());
        assertEquals("gave up after 3 restarts (restart.max_retries 3); last exit: exit code 1", s.reason());
        assertEquals(4, fake.launched("w").size());
        assertTrue(events.states("w").contains(UnitState.BACKOFF));
    }

    @Test
    void aLongEnoughRunResetsTheRestartSeries() {
        Master m = master();
        m.register(unit("w").restart(RestartSpec.DEFAULT.withMaxRetries(1).withRetryDelay(Duration.ZERO)
                .withResetAfter(Duration.ofNanos(1))).build());
        done(m.start("w"));
        for (int i = 2; i <= 5; i++) {
            int expected = i;
            fake.last("w").exit(1);
            await().atMost(WAIT).until(() -> fake.launched("w").size() == expected);
        }
        awaitState("w", UnitState.RUNNING);
        assertEquals(List.of(1, 1, 1, 1), events.of("w", UnitEvent.RestartScheduled.class).stream()
                .map(UnitEvent.RestartScheduled::attempt).toList());
    }

    /** Restarts used per instance whose series has begun. */
    private static Map<String, Integer> attempts(Master m) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        m.restartSeries().forEach((name, series) -> out.put(name, series.attempts()));
        return out;
    }

    @Test
    void aRestartSeriesLeftByAPreviousMasterContinuesThroughTheMastersOwnStart() {
        Master m = master();
        m.register(unit("w").restart(RestartSpec.DEFAULT.withMaxRetries(3).withRetryDelay(Duration.ZERO)).build());
        m.register(unit("fresh").restart(RestartSpec.DEFAULT.withMaxRetries(3).withRetryDelay(Duration.ZERO)).build());
        done(m.restoreRestartSeries("w", new RestartSeries(2, List.of())));
        assertEquals(Map.of("w", 2), attempts(m));
        m.startAll();
        awaitState("w", UnitState.RUNNING);
        awaitState("fresh", UnitState.RUNNING);
        List<String> reasons = events.of("w", UnitEvent.StateChanged.class).stream()
                .map(UnitEvent.StateChanged::reason).toList();
        assertTrue(reasons.contains("started (auto_start); continues the previous master's restart series (2 restarts used)"),
                reasons.toString());

        fake.last("w").exit(1);
        await().atMost(WAIT).until(() -> fake.launched("w").size() == 2 && status("w").state() == UnitState.RUNNING);
        assertEquals(Map.of("w", 3), attempts(m));
        assertEquals(status("w").startedAt(), m.restartSeries().get("w").runningSince(),
                "the run under way, for the next master to tell a stable run");
        fake.last("w").exit(1);
        awaitState("w", UnitState.FAILED);
        assertEquals("gave up after 3 restarts (restart.max_retries 3); last exit: exit code 1", status("w").reason());
        assertEquals(1, status("w").restarts(), "one restart by this master");
    }

    @Test
    void aUsersStartAfterTheMastersOwnBeginsANewSeriesAndARestoreAfterALaunchChangesNothing() {
        Master m = master();
        m.register(unit("w").restart(RestartSpec.DEFAULT.withMaxRetries(1).withRetryDelay(Duration.ZERO)).build());
        m.register(unit("byUser").restart(RestartSpec.DEFAULT.withMaxRetries(1).withRetryDelay(Duration.ZERO))
                .autoStart(false).build());
        done(m.restoreRestartSeries("byUser", new RestartSeries(1, List.of())));
        done(m.start("byUser"));
        assertEquals(List.of("started by user"), events.of("byUser", UnitEvent.StateChanged.class).stream()
                .filter(e -> e.to() == UnitState.STARTING).map(UnitEvent.StateChanged::reason).toList());
        done(m.restoreRestartSeries("w", new RestartSeries(1, List.of())));
        assertEquals(Map.of("w", 1), attempts(m), "byUser's start reset its own");
        m.startAll();
        awaitState("w", UnitState.RUNNING);
        assertEquals(Map.of("w", 1), attempts(m), "1 of 1 restarts used");
        done(m.stop("w"));
        done(m.start("w")); // a user's start
        assertEquals(Map.of(), attempts(m));
        done(m.restoreRestartSeries("w", new RestartSeries(1, List.of())));
        assertEquals(Map.of(), attempts(m), "the unit runs a series of this master's own");
        fake.last("w").exit(1);
        await().atMost(WAIT).until(() -> fake.launched("w").size() == 3 && status("w").state() == UnitState.RUNNING);
        assertThrows(UnknownUnitException.class, () -> m.restoreRestartSeries("nope", RestartSeries.NONE));
    }

    @Test
    void aDependentsStartDoesNotRunAFailedDependencyAgain() {
        Master m = master();
        m.register(unit("migrate").restartPolicy(RestartPolicy.NEVER).build());
        m.register(unit("app").autoStart(false)
                .dependsOn("migrate", dev.hsu.core.unit.Dependency.Condition.COMPLETED).build());
        m.startAll();
        awaitState("migrate", UnitState.RUNNING);
        fake.last("migrate").exit(1);
        awaitState("migrate", UnitState.FAILED);

        done(m.start("app"));
        awaitState("app", UnitState.BLOCKED);
        assertTrue(status("app").reason().startsWith("dependency 'migrate' failed: exit code 1"), status("app").reason());
        assertEquals(1, fake.launched("migrate").size(), "the failed migration ran once");
        assertEquals(List.of(), fake.launched("app"));
    }

    @Test
    void aDependentsStartStartsADependencyThatNothingStarted() {
        Master m = master();
        m.register(unit("db").autoStart(false).build());
        m.register(unit("app").autoStart(false)
                .dependsOn("db", dev.hsu.core.unit.Dependency.Condition.STARTED).build());
        done(m.start("app"));
        awaitState("app", UnitState.RUNNING);
        assertEquals(UnitState.RUNNING, status("db").state());
        assertEquals(List.of("started: a unit that depends on it is starting"), events.of("db", UnitEvent.StateChanged.class)
                .stream().filter(e -> e.to() == UnitState.STARTING).map(UnitEvent.StateChanged::reason).toList());
    }

    @Test
    void neverRestartsAndReportsFailureOrCompletion() {
        Master m = master();
        m.register(unit("crash").restartPolicy(RestartPolicy.NEVER).build());
        m.register(unit("job").restartPolicy(RestartPolicy.NEVER).build());
        done(m.start("crash"));
        done(m.start("job"));
        fake.last("crash").exit(2);
        fake.last("job").exit(0);
        awaitState("crash", UnitState.FAILED);
        awaitState("job", UnitState.EXITED);
        assertEquals("exit code 2; restart policy never does not restart it", status("crash").reason());
        assertEquals(1, fake.launched("crash").size());
        assertEquals(1, fake.launched("job").size());
        assertEquals(new ExitCause.Exited(0), status("job").lastExit());
    }

    @Test
    void onFailureDoesNotRestartAfterExitZero() {
        Master m = master();
        m.register(unit("job").build());
        done(m.start("job"));
        fake.last("job").exit(0);
        awaitState("job", UnitState.EXITED);
        assertEquals(1, fake.launched("job").size());
    }

    @Test
    void onFailureRestartsAfterADeathBySignal() {
        Master m = master();
        m.register(unit("w").build());
        done(m.start("w"));
        fake.last("w").die(Signal.ABRT);
        await().atMost(WAIT).until(() -> fake.launched("w").size() == 2);
        assertEquals(new ExitCause.Killed("SIGABRT"), events.of("w", UnitEvent.ProcessExited.class).get(0).cause());
    }

    @Test
    void alwaysAndUnlessStoppedRestartAfterExitZero() {
        Master m = master();
        m.register(unit("a").restartPolicy(RestartPolicy.ALWAYS).build());
        m.register(unit("u").restartPolicy(RestartPolicy.UNLESS_STOPPED).build());
        done(m.start("a"));
        done(m.start("u"));
        fake.last("a").exit(0);
        fake.last("u").exit(0);
        await().atMost(WAIT).until(() -> fake.launched("a").size() == 2 && fake.launched("u").size() == 2);
        awaitState("a", UnitState.RUNNING);
        awaitState("u", UnitState.RUNNING);
    }

    @Test
    void aLimitKillIsExplainedByTheLimiterAndRestarted() {
        fake.oomKills("hog");
        Master m = master();
        m.register(unit("hog").resources(ResourceLimits.builder().memory(64L << 20).build()).build());
        done(m.start("hog"));
        fake.last("hog").die(Signal.KILL);
        await().atMost(WAIT).until(() -> fake.launched("hog").size() == 2);
        ExitCause cause = events.of("hog", UnitEvent.ProcessExited.class).get(0).cause();
        ExitCause.LimitExceeded le = assertInstanceOf(ExitCause.LimitExceeded.class, cause);
        assertEquals(LimitKind.MEMORY, le.violation().kind());
        assertEquals("OOM (memory limit 64MiB)", cause.describe());
    }

    @Test
    void aStopDuringBackoffCancelsTheRestart() {
        Master m = master();
        m.register(unit("w").retryDelay(Duration.ofMillis(300)).build());
        done(m.start("w"));
        fake.last("w").exit(1);
        awaitState("w", UnitState.BACKOFF);

        UnitStatus s = done(m.stop("w"));

        assertEquals(UnitState.STOPPED, s.state());
        // Through and past the restart delay, still one launch: the timer was cancelled.
        await().during(Duration.ofMillis(400)).atMost(WAIT).until(() -> fake.launched("w").size() == 1);
        assertEquals(UnitState.STOPPED, status("w").state());
    }

    @Test
    void startDuringBackoffRestartsNowAndResetsTheSeries() {
        Master m = master();
        m.register(unit("w").retryDelay(Duration.ofSeconds(30)).build());
        done(m.start("w"));
        fake.last("w").exit(1);
        awaitState("w", UnitState.BACKOFF);
        assertEquals(UnitState.RUNNING, done(m.start("w")).state());
        assertEquals(2, fake.launched("w").size());
    }

    // ---- restart, signal -----------------------------------------------------------------

    @Test
    void restartStopsThenStarts() {
        Master m = master();
        m.register(unit("web").build());
        long before = done(m.start("web")).pid();
        UnitStatus s = done(m.restart("web"));
        assertEquals(UnitState.RUNNING, s.state());
        assertTrue(s.pid() != before);
        assertEquals(List.of(Signal.TERM), fake.launched("web").get(0).treeSignals());
        assertEquals(0, s.restarts(), "user restarts are not counted");
        assertEquals(List.of("REGISTERED>STARTING", "STARTING>RUNNING", "RUNNING>STOPPING", "STOPPING>STOPPED",
                "STOPPED>STARTING", "STARTING>RUNNING"), events.transitions("web"));
    }

    @Test
    void restartOfAStoppedUnitStartsIt() {
        Master m = master();
        m.register(unit("web").build());
        assertEquals(UnitState.RUNNING, done(m.restart("web")).state());
    }

    @Test
    void startDuringAStopStartsOnceStopped() {
        fake.behavior("web", FakeProcess.Behavior.IGNORES_SIGNALS);
        Master m = master();
        m.register(unit("web").gracefulTimeout(Duration.ofMillis(100)).build());
        done(m.start("web"));
        CompletableFuture<UnitStatus> stop = m.stop("web");
        CompletableFuture<UnitStatus> start = m.start("web");
        assertEquals(UnitState.STOPPED, done(stop).state());
        assertEquals(UnitState.RUNNING, done(start).state());
        assertEquals(2, fake.launched("web").size());
    }

    @Test
    void signalGoesToTheMainProcess() {
        Master m = master();
        m.register(unit("web").build());
        IllegalStateException notRunning = assertThrows(IllegalStateException.class,
                () -> m.signal("web", Signal.HUP));
        assertTrue(notRunning.getMessage().contains("'web'"), notRunning.getMessage());
        done(m.start("web"));
        m.signal("web", Signal.USR1);
        FakeProcess first = fake.launched("web").get(0);
        assertEquals(List.of(Signal.USR1), first.signals());
        assertEquals(List.of(), first.treeSignals(), "only the main process is signalled");
    }

    // ---- registry ------------------------------------------------------------------------

    @Test
    void unknownNamesAreReportedWithTheKnownOnes() {
        Master m = master();
        m.register(unit("a").build());
        m.register(unit("b").build());
        UnknownUnitException e = assertThrows(UnknownUnitException.class, () -> m.start("c"));
        assertEquals("no unit named 'c'; known units: a, b", e.getMessage());
        assertThrows(UnknownUnitException.class, () -> m.stop("c"));
        assertThrows(UnknownUnitException.class, () -> m.restart("c"));
        assertThrows(UnknownUnitException.class, () -> m.signal("c", Signal.HUP));
        assertTrue(m.status("c").isEmpty());
    }

    @Test
    void registerRejectsInvalidUnitsAndTakenNames() {
        Master m = master();
        InvalidUnitException invalid = assertThrows(InvalidUnitException.class,
                () -> m.register(ManagedUnit.builder("bad name").priority(40).build()));
        assertEquals(3, invalid.problems().size(), invalid.getMessage());
        m.register(unit("a").build());
        InvalidUnitException taken = assertThrows(InvalidUnitException.class, () -> m.register(unit("a").build()));
        assertEquals("name", taken.problems().get(0).field());
        assertEquals(List.of("a"), m.statuses().stream().map(UnitStatus::name).toList());
    }

    @Test
    void anUnenforceableLimitIsDroppedInLenientMode() {
        FakePlatform rlimitsOnly = new FakePlatform(java.util.EnumSet.of(LimitKind.MAX_OPEN_FILES));
        Master m = master(rlimitsOnly.platform(), true);
        m.register(unit("w").resources(ResourceLimits.builder().memory(64L << 20).maxOpenFiles(64L).build()).build());
        done(m.start("w"));
        ResourceLimits asked = rlimitsOnly.last("w").spec().confinement().limits();
        assertNull(asked.memory());
        assertEquals(64L, asked.maxOpenFiles());
    }

    @Test
    void anUnenforceableLimitIsRefusedInStrictMode() {
        FakePlatform rlimitsOnly = new FakePlatform(java.util.EnumSet.of(LimitKind.MAX_OPEN_FILES));
        Master m = master(rlimitsOnly.platform(), false);
        InvalidUnitException e = assertThrows(InvalidUnitException.class, () -> m.register(
                unit("w").resources(ResourceLimits.builder().memory(64L << 20).build()).build()));
        assertEquals("resources.memory", e.problems().get(0).field());
    }

    @Test
    void statusesAreInRegistrationOrder() {
        Master m = master();
        for (String name : List.of("zeta", "alpha", "mid")) {
            m.register(unit(name).build());
        }
        assertEquals(List.of("zeta", "alpha", "mid"), m.statuses().stream().map(UnitStatus::name).toList());
    }

    @Test
    void unregisterStopsAndForgets() {
        Master m = master();
        m.register(unit("web").restartPolicy(RestartPolicy.ALWAYS).build());
        done(m.start("web"));
        m.unregister("web");
        assertTrue(m.status("web").isEmpty());
        assertFalse(fake.last("web").isAlive());
        assertEquals(1, fake.launched("web").size());
        m.register(unit("web").build());
        assertEquals(UnitState.REGISTERED, status("web").state());
    }

    // ---- listeners -----------------------------------------------------------------------

    @Test
    void aThrowingListenerBreaksNothing() throws Exception {
        Master m = master();
        AutoCloseable bad = m.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        m.register(unit("web").build());
        assertEquals(UnitState.RUNNING, done(m.start("web")).state());
        fake.last("web").exit(1);
        await().atMost(WAIT).until(() -> fake.launched("web").size() == 2);
        assertEquals(UnitState.STOPPED, done(m.stop("web")).state());
        bad.close();
        assertEquals(List.of("REGISTERED>STARTING", "STARTING>RUNNING", "RUNNING>STARTING", "STARTING>RUNNING",
                "RUNNING>STOPPING", "STOPPING>STOPPED"), events.transitions("web"));
    }

    @Test
    void eventsOfAUnitArriveInOrderEvenWithASlowListener() {
        Master m = master();
        List<String> slowSeen = new CopyOnWriteArrayList<>();
        m.subscribe(e -> {
            if (e instanceof UnitEvent.StateChanged sc) {
                slowSeen.add(sc.from() + ">" + sc.to());
                // Simulates a slow consumer; this is not a wait for a condition.
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
        });
        m.register(unit("w").build());
        done(m.start("w"));
        for (int i = 2; i <= 6; i++) {
            int n = i;
            fake.last("w").exit(1);
            await().atMost(WAIT).until(() -> fake.launched("w").size() == n);
        }
        awaitState("w", UnitState.RUNNING);
        await().atMost(WAIT).until(() -> slowSeen.size() == events.transitions("w").size());
        assertEquals(events.transitions("w"), slowSeen);
        List<String> expected = new java.util.ArrayList<>(List.of("REGISTERED>STARTING", "STARTING>RUNNING"));
        for (int i = 0; i < 5; i++) {
            expected.addAll(List.of("RUNNING>STARTING", "STARTING>RUNNING"));
        }
        assertEquals(expected, slowSeen);
    }

    // ---- startAll, shutdown, scale -------------------------------------------------------

    @Test
    void startAllStartsAutoStartUnitsOnly() {
        Master m = master();
        m.register(unit("a").build());
        m.register(unit("b").autoStart(false).build());
        m.register(unit("c").build());
        m.startAll();
        awaitState("a", UnitState.RUNNING);
        awaitState("c", UnitState.RUNNING);
        assertEquals(UnitState.REGISTERED, status("b").state());
    }

    @Test
    void shutdownStopsEveryUnitInParallelAndRefusesStarts() {
        fake.behavior("slow1", FakeProcess.Behavior.IGNORES_SIGNALS);
        fake.behavior("slow2", FakeProcess.Behavior.IGNORES_SIGNALS);
        Master m = master();
        m.register(unit("slow1").gracefulTimeout(Duration.ofMillis(300)).build());
        m.register(unit("slow2").gracefulTimeout(Duration.ofMillis(300)).build());
        m.register(unit("quick").restartPolicy(RestartPolicy.ALWAYS).build());
        m.register(unit("waiting").retryDelay(Duration.ofMinutes(1)).build());
        m.startAll();
        for (String n : List.of("slow1", "slow2", "quick", "waiting")) {
            awaitState(n, UnitState.RUNNING);
        }
        fake.last("waiting").exit(1);
        awaitState("waiting", UnitState.BACKOFF);

        long t0 = System.nanoTime();
        m.shutdown().orTimeout(5, TimeUnit.SECONDS).join();
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(tookMs < 550, "two 300 ms graceful timeouts ran in parallel, took " + tookMs + " ms");
        for (String n : List.of("slow1", "slow2", "quick", "waiting")) {
            assertEquals(UnitState.STOPPED, status(n).state(), n);
        }
        assertTrue(fake.launched().stream().noneMatch(FakeProcess::isAlive));
        assertEquals(1, fake.launched("quick").size());
        assertSame(m.shutdown(), m.shutdown());
        CompletionException e = assertThrows(CompletionException.class, () -> m.start("quick").join());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertThrows(IllegalStateException.class, m::startAll);
    }

    private static void assertSame(Object a, Object b) {
        org.junit.jupiter.api.Assertions.assertSame(a, b);
    }

    @Test
    void fiveHundredUnitsNeedNoThreadEach() {
        Master m = master();
        int before = Thread.activeCount();
        for (int i = 0; i < 500; i++) {
            m.register(unit("u" + i).build());
        }
        m.startAll();
        await().atMost(Duration.ofSeconds(20)).until(() -> m.statuses().stream()
                .allMatch(s -> s.state() == UnitState.RUNNING));
        // Platform threads only (virtual threads are not counted): the timer at most.
        assertTrue(Thread.activeCount() - before <= 2,
                "platform threads grew from " + before + " to " + Thread.activeCount());
        m.shutdown().orTimeout(20, TimeUnit.SECONDS).join();
        assertTrue(fake.launched().stream().noneMatch(FakeProcess::isAlive));
        assertEquals(500, fake.released());
    }
}

package dev.hsu.macos.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher, the kqueue loop and the exit against mocked libSystem and libproc. */
class MacProcessLauncherTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MacHarness h = new MacHarness();
    private final DarwinMocks mac = h.mac;

    @TempDir
    Path tmp;

    MacProcessLauncherTest() throws Exception {
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static ExitStatus exitOf(MacProcess p) throws Exception {
        return p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void spawnsDirectlyIntoANewGroupWithDefaultSignalsAndNoInheritedDescriptors() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", "/usr/bin:/bin", "GREETING", "hello world"));
        MacProcess p = h.spec("sleep", "1000", "two words").env(env).launch();
        DarwinMocks.Proc child = h.fake(p);
        assertTrue(child.path.endsWith("/sleep"), child.path);
        assertEquals(List.of("sleep", "1000", "two words"), child.argv, "argv[0] is the executable as given");
        assertEquals(java.util.Set.of("PATH=/usr/bin:/bin", "GREETING=hello world"), java.util.Set.copyOf(child.envp));
        assertEquals(Darwin.POSIX_SPAWN_SETPGROUP | Darwin.POSIX_SPAWN_SETSIGMASK | Darwin.POSIX_SPAWN_SETSIGDEF
                | Darwin.POSIX_SPAWN_CLOEXEC_DEFAULT, child.attr.flags);
        assertEquals(0, child.attr.pgroup, "a group of its own");
        assertEquals(0, child.attr.sigmask);
        assertEquals(~((1 << 8) | (1 << 16)), child.attr.sigdefault, "every signal but KILL (9) and STOP (17)");
        assertEquals(child.pid, child.pgid);
        assertEquals(List.of(new SpawnPlan.FdAction.Open(0, "/dev/null", Darwin.O_RDONLY, 0),
                new SpawnPlan.FdAction.Open(1, "/dev/null", Darwin.O_WRONLY, 0), new SpawnPlan.FdAction.Dup2(1, 2)),
                child.actions);
        assertTrue(p.isAlive());
        assertEquals(Instant.ofEpochSecond(child.startMicros / 1_000_000, child.startMicros % 1_000_000 * 1000),
                p.startTime());
        assertEquals(0, h.shellDetections, "no trampoline, no shell");
    }

    @Test
    void theWorkingDirectoryIsSetInTheChild() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("work dir"));
        MacProcess p = h.spec("sleep", "1").cwd(dir).launch();
        assertEquals("chdir " + dir, h.fake(p).actions.get(0));
        assertFalse(h.fake(h.spec("sleep", "1").launch()).actions.stream().anyMatch(a -> a.toString().startsWith("chdir")));
    }

    @Test
    void outputsGoToFilesPipesOrTheMastersOwnStreams() throws Exception {
        Path log = tmp.resolve("logs/a/out.log");
        MacProcess p = h.spec("sleep", "1").out(new OutputTarget.ToFile(log, true)).err(OutputTarget.inherit()).launch();
        assertEquals(List.of(new SpawnPlan.FdAction.Open(0, "/dev/null", Darwin.O_RDONLY, 0),
                new SpawnPlan.FdAction.Open(1, log.toString(), Darwin.O_WRONLY | Darwin.O_CREAT | Darwin.O_APPEND, 0644),
                new SpawnPlan.FdAction.Inherit(2)), h.fake(p).actions);
        assertTrue(Files.isDirectory(log.getParent()));
        MacProcess q = h.spec("sleep", "1").out(new OutputTarget.ToFile(log, false)).launch();
        assertEquals(new SpawnPlan.FdAction.Open(1, log.toString(), Darwin.O_WRONLY | Darwin.O_CREAT | Darwin.O_TRUNC, 0644),
                h.fake(q).actions.get(1));
    }

    @Test
    void limitsGoThroughTheTrampolineWithTheMacOsRlimitOptionsAndTheEnvironmentRepaired() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", "/usr/bin:/bin", "PWD", "/somewhere"));
        MacProcess p = h.spec("sleep", "1000").env(env)
                .limits(ResourceLimits.builder().maxOpenFiles(123L).maxProcesses(45).build()).launch();
        DarwinMocks.Proc child = h.fake(p);
        assertEquals("/bin/sh", child.path);
        assertEquals(List.of("/bin/sh", "-c"), child.argv.subList(0, 2));
        String script = child.argv.get(2);
        assertTrue(script.startsWith("ulimit -n \"$1\" || {"), script);
        assertTrue(script.contains("ulimit -u \"$1\" || {"), script);
        assertEquals(List.of(Trampoline.ARG0, "123", "45", "--", "/usr/bin/env", "-u", "SHLVL", "-u", "_", "--",
                "PWD=/somewhere", "sleep", "1000"), child.argv.subList(3, child.argv.size()));
        assertEquals(1, h.shellDetections);
        h.spec("sleep", "1").limits(ResourceLimits.builder().maxOpenFiles(10L).build()).launch();
        assertEquals(1, h.shellDetections, "the shell is inspected once");
    }

    @Test
    void nicenessGoesThroughNiceAndOnlyRootMayLowerIt() throws Exception {
        mac.niceness = 2;
        MacProcess p = h.spec("sleep", "1").niceness(7).launch();
        assertEquals(List.of("/usr/bin/nice", "-n", "5", "--"), h.fake(p).argv.subList(5, 9));
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("sleep", "1").niceness(-1).launch());
        assertTrue(e.getMessage().contains("niceness -1 is below the master's niceness 2, which only root may do"),
                e.getMessage());
        mac.euid = 0;
        assertEquals("-3", h.fake(h.spec("sleep", "1").niceness(-1).launch()).argv.get(7));
        assertEquals(0, h.fake(h.spec("sleep", "1").niceness(2).launch()).argv.indexOf("/usr/bin/nice") + 1,
                "the master's own niceness needs no trampoline");
    }

    @Test
    void limitsMacOsWouldRefuseAreLaunchExceptionsNamingTheFix() {
        mac.maxFilesPerProc = 10240;
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("sleep", "1")
                .limits(ResourceLimits.builder().maxOpenFiles(20000L).build()).launch());
        assertTrue(e.getMessage().contains("max_open_files 20000 is above macOS's maximum of 10240 "
                + "(kern.maxfilesperproc)"), e.getMessage());
        mac.maxFilesPerProc = 100000;
        mac.hardNofile = 4096;
        e = assertThrows(LaunchException.class, () -> h.spec("sleep", "1")
                .limits(ResourceLimits.builder().maxOpenFiles(8192L).build()).launch());
        assertTrue(e.getMessage().contains("above the master's hard limit of 4096 and only root may raise it"),
                e.getMessage());
        verify(mac.libc, never()).posix_spawn(any(), any(), any(), any(), any(), any());
    }

    @Test
    void errorsKnownBeforeTheSpawnNameThePath() {
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("hsu-no-such-program").launch());
        assertTrue(e.getMessage().startsWith("unit web: executable 'hsu-no-such-program' not found in PATH /usr/bin:/bin"),
                e.getMessage());
        e = assertThrows(LaunchException.class, () -> h.spec("sleep").cwd(tmp.resolve("missing")).launch());
        assertTrue(e.getMessage().contains("missing does not exist"), e.getMessage());
        e = assertThrows(LaunchException.class, () -> h.spec("sleep", "a\0b").launch());
        assertTrue(e.getMessage().contains("argument 1 contains a NUL"), e.getMessage());
        e = assertThrows(LaunchException.class, () -> h.spec("sleep").env(Map.of("A=B", "x")).launch());
        assertTrue(e.getMessage().contains("environment variable 'A=B' cannot be passed"), e.getMessage());
    }

    @Test
    void aSpawnFailureNamesTheCauseAndClosesThePipes() {
        mac.spawnError = Errno.ENOEXEC;
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("sleep")
                .out(new OutputTarget.Capture(new MacHarness.Sink())).launch());
        assertTrue(e.getMessage().contains("macOS cannot execute"), e.getMessage());
        assertTrue(e.getMessage().endsWith("[posix_spawn failed: ENOEXEC (8)]"), e.getMessage());
        DarwinMocks.FakePipe pipe = mac.pipesByFd.values().iterator().next();
        assertTrue(pipe.readClosed && pipe.masterWriteClosed);
    }

    @Test
    void aForeignConfinementIsAcceptedWithoutLimitsAndRefusedWithThem() throws Exception {
        Confinement plain = new Confinement() {
            @Override
            public String unitId() {
                return "web";
            }

            @Override
            public ResourceLimits limits() {
                return ResourceLimits.NONE;
            }
        };
        MacProcess p = h.spec("sleep").confinement(plain).launch();
        assertSame(plain, p.confinement());
        Confinement limited = new Confinement() {
            @Override
            public String unitId() {
                return "web";
            }

            @Override
            public ResourceLimits limits() {
                return ResourceLimits.builder().maxOpenFiles(5L).build();
            }
        };
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("sleep").confinement(limited).launch());
        assertTrue(e.getMessage().contains("was not made by the macOS adapter's limiter"), e.getMessage());
    }

    @Test
    void theExitIsSeenByItsKnoteAndReportedWithItsCode() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        CompletableFuture<ExitStatus> first = p.onExit();
        first.complete(new ExitStatus.Exited(99));
        assertTrue(p.isAlive(), "a caller cannot fake the exit");
        CompletableFuture<String> thread = p.onExit().thenApply(s -> Thread.currentThread().getName());
        h.fake(p).exit(7);
        assertEquals(new ExitStatus.Exited(7), exitOf(p));
        assertEquals(KqueueLoop.THREAD_NAME, thread.get(5, TimeUnit.SECONDS));
        assertFalse(p.isAlive());
        assertTrue(p.isReaped());
    }

    @Test
    void aDeathBySignalIsDecodedWithMacOsNumbers() throws Exception {
        MacProcess usr1 = h.spec("sleep").launch();
        h.fake(usr1).killedBy(30);
        assertEquals(new ExitStatus.Killed(30, Signal.USR1, false), exitOf(usr1));
        MacProcess segv = h.spec("sleep").launch();
        h.fake(segv).end(11 | 0x80);
        assertEquals(new ExitStatus.Killed(11, null, true), exitOf(segv));
    }

    @Test
    void aChildThatExitedBeforeItsKnoteIsReapedOnTheLoopThread() throws Exception {
        // The child exits inside posix_spawn, before the launcher adds its knote (which then fails with ESRCH).
        mac.afterSpawn = pid -> mac.procs.get(pid).exit(3);
        MacProcess p = h.spec("sleep").launch();
        assertEquals(new ExitStatus.Exited(3), exitOf(p));
    }

    @Test
    void capturedOutputIsDeliveredOnTheLoopThreadAndNeverByABlockingRead() throws Exception {
        MacHarness.Sink out = new MacHarness.Sink();
        MacHarness.Sink err = new MacHarness.Sink();
        MacProcess p = h.spec("sleep").out(new OutputTarget.Capture(out)).err(new OutputTarget.Capture(err)).launch();
        DarwinMocks.Proc child = h.fake(p);
        assertTrue(child.stdoutPipe().masterWriteClosed, "the master closed its copy of the write end");
        child.stdoutPipe().write("hello ");
        child.stdoutPipe().write("world");
        await().atMost(WAIT).until(() -> out.text().equals("hello world"));
        assertEquals(KqueueLoop.THREAD_NAME, out.thread);
        child.exit(0);
        exitOf(p);
        await().atMost(WAIT).until(() -> out.isClosed() && err.isClosed());
        assertEquals(1, out.closes);
        assertFalse(mac.blockingRead, "a read that would have blocked the loop");
    }

    @Test
    void oneCaptureForBothStreamsIsOnePipe() throws Exception {
        OutputTarget both = new OutputTarget.Capture(new MacHarness.Sink());
        MacProcess p = h.spec("sleep").out(both).err(both).launch();
        assertEquals(new SpawnPlan.FdAction.Dup2(1, 2), h.fake(p).actions.get(2));
        assertEquals(2, mac.pipesByFd.size(), "one pipe: two fds");
    }

    @Test
    void outputWrittenRightBeforeTheExitIsDeliveredBeforeTheExitIsReported() throws Exception {
        for (int run = 0; run < 10; run++) {
            MacHarness.Sink out = new MacHarness.Sink();
            MacProcess p = h.spec("sleep").out(new OutputTarget.Capture(out)).launch();
            CompletableFuture<Integer> atExit = p.onExit().thenApply(s -> out.size());
            DarwinMocks.Proc child = h.fake(p);
            DarwinMocks.FakePipe pipe = child.stdoutPipe();
            for (int i = 0; i < 5; i++) {
                pipe.write("x".repeat(KqueueLoop.READ_CHUNK));
            }
            child.exit(0);
            assertEquals(5 * KqueueLoop.READ_CHUNK, atExit.get(WAIT.toSeconds(), TimeUnit.SECONDS), "run " + run);
        }
        assertFalse(mac.blockingRead);
    }

    @Test
    void outputKeepsFlowingWhileADescendantHoldsThePipe() throws Exception {
        MacHarness.Sink out = new MacHarness.Sink();
        MacProcess p = h.spec("sleep").out(new OutputTarget.Capture(out)).launch();
        DarwinMocks.Proc child = h.fake(p);
        DarwinMocks.FakePipe pipe = child.stdoutPipe();
        DarwinMocks.Proc descendant = child.spawn(false);
        pipe.writers.incrementAndGet();
        descendant.holding.add(pipe);
        child.exit(0);
        exitOf(p);
        assertFalse(out.isClosed());
        pipe.write("late");
        descendant.exit(0);
        await().atMost(WAIT).until(out::isClosed);
        assertEquals("late", out.text());
    }

    @Test
    void aDirectSpawnPassesAPathExecutableAsGivenRelativeToTheWorkingDirectory() throws Exception {
        Path script = tmp.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\n");
        script.toFile().setExecutable(true);
        MacProcess p = h.spec("./run.sh", "x").cwd(tmp).launch();
        assertEquals(tmp.resolve("./run.sh").toString(), h.fake(p).path);
        assertEquals(List.of("./run.sh", "x"), h.fake(p).argv);
    }

    @Test
    void theSinkGetsFlowControlAndAPausedStreamIsDeliveredAfterResumeWithoutHoldingTheExit() throws Exception {
        dev.hsu.spi.OutputFlow[] flow = new dev.hsu.spi.OutputFlow[1];
        MacHarness.Sink out = new MacHarness.Sink() {
            @Override
            public void attach(dev.hsu.spi.OutputFlow f) {
                flow[0] = f;
                f.pause();
            }
        };
        MacProcess p = h.spec("sleep").out(new OutputTarget.Capture(out)).launch();
        DarwinMocks.Proc child = h.fake(p);
        DarwinMocks.FakePipe pipe = child.stdoutPipe();
        assertTrue(mac.disabledReads.contains(pipe.readFd), "paused in attach: the knote is added disabled");
        pipe.write("last words");
        child.exit(0);
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> out.size() == 0);
        flow[0].resume();
        await().atMost(WAIT).until(out::isClosed);
        assertEquals("last words", out.text());
        assertFalse(mac.blockingRead);
        flow[0].pause(); // after the close: nothing
        flow[0].resume();
    }

    @Test
    void pausingFromInsideWriteStopsFurtherDelivery() throws Exception {
        dev.hsu.spi.OutputFlow[] flow = new dev.hsu.spi.OutputFlow[1];
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        MacHarness.Sink out = new MacHarness.Sink() {
            @Override
            public void attach(dev.hsu.spi.OutputFlow f) {
                flow[0] = f;
            }

            @Override
            public synchronized void write(byte[] buffer, int length) {
                super.write(buffer, length);
                writes.incrementAndGet();
                flow[0].pause();
            }
        };
        MacProcess p = h.spec("sleep").out(new OutputTarget.Capture(out)).launch();
        DarwinMocks.FakePipe pipe = h.fake(p).stdoutPipe();
        pipe.write("one");
        await().atMost(WAIT).until(() -> writes.get() == 1);
        pipe.write("two");
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> writes.get() == 1);
        flow[0].resume();
        await().atMost(WAIT).until(() -> out.text().equals("onetwo"));
    }
}

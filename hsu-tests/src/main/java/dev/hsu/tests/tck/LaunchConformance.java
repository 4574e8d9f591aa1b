package dev.hsu.tests.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting processes: exit reporting, identity, launch errors, and where standard streams go.
 */
public abstract class LaunchConformance extends ConformanceBase {

    @Test
    void reportsTheExitCode() throws Exception {
        LaunchedProcess p = children.start(commands.exit(7));
        assertEquals(new ExitStatus.Exited(7), exitOf(p));
        assertFalse(p.isAlive());
    }

    @Test
    void seesTheExitOfAProcessThatEndsAtOnce() throws Exception {
        assertEquals(new ExitStatus.Exited(0), exitOf(children.start(commands.exit(0))));
    }

    @Test
    void everyCallerOfOnExitGetsTheSameStatusAndNoneCanFakeIt() throws Exception {
        LaunchedProcess p = children.start(commands.sleeper());
        CompletableFuture<ExitStatus> first = p.onExit();
        first.complete(new ExitStatus.Exited(99)); // a caller completing its own future
        assertTrue(p.isAlive(), "completing a returned future must not end the process's exit future");
        provider.signaller().killTree(p);
        ExitStatus status = exitOf(p);
        assertEquals(status, p.onExit().get(1, TimeUnit.SECONDS));
        assertFalse(p.isAlive());
    }

    @Test
    void aLaunchedProcessHasItsPidStartTimeAndConfinement() throws Exception {
        Instant before = Instant.now();
        TckSpec spec = children.spec(commands.sleeper());
        var launchSpec = spec.build();
        LaunchedProcess p = children.launch(launchSpec);
        Instant after = Instant.now();
        assertTrue(p.pid() > 0);
        assertTrue(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false), "pid " + p.pid() + " is alive");
        assertTrue(p.isAlive());
        // Start times are as precise as the OS keeps them (Linux: clock ticks since a boot time in seconds).
        assertTrue(!p.startTime().isBefore(before.minusSeconds(3)) && !p.startTime().isAfter(after.plusSeconds(3)),
                "start time " + p.startTime() + " outside [" + before + ", " + after + "] ± 3 s");
        assertEquals(p.startTime(), p.startTime(), "the start time is stable");
        assertSame(launchSpec.confinement(), p.confinement());
    }

    @Test
    void aMissingExecutableIsALaunchExceptionNamingIt() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> children.spec(commands.sleeper()).executable("hsu-tck-no-such-program").launch());
        assertTrue(e.getMessage().contains("hsu-tck-no-such-program"), e.getMessage());
    }

    @Test
    void aMissingExecutablePathIsALaunchExceptionNamingIt(@TempDir Path tmp) {
        Path missing = tmp.resolve("nowhere").resolve("program");
        LaunchException e = assertThrows(LaunchException.class,
                () -> children.spec(commands.sleeper()).executable(missing.toString()).launch());
        assertTrue(e.getMessage().contains(missing.getFileName().toString()), e.getMessage());
    }

    @Test
    void aMissingWorkingDirectoryIsALaunchExceptionNamingIt(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-dir");
        LaunchException e = assertThrows(LaunchException.class,
                () -> children.spec(commands.exit(0)).cwd(missing).launch());
        assertTrue(e.getMessage().contains("no-such-dir"), e.getMessage());
    }

    @Test
    void aWorkingDirectoryThatIsAFileIsALaunchExceptionNamingIt(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        LaunchException e = assertThrows(LaunchException.class,
                () -> children.spec(commands.exit(0)).cwd(file).launch());
        assertTrue(e.getMessage().contains("a-file"), e.getMessage());
    }

    @Test
    void capturesStdoutAndStderrSeparately() throws Exception {
        TckSink out = new TckSink();
        TckSink err = new TckSink();
        LaunchedProcess p = children.spec(commands.echo("to-out", "to-err", 3)).capture(out)
                .stderr(new OutputTarget.Capture(err)).launch();
        assertEquals(new ExitStatus.Exited(3), exitOf(p));
        await().until(() -> out.isClosed() && err.isClosed());
        assertEquals("to-out", out.text());
        assertEquals("to-err", err.text());
        assertEquals(1, out.closeCalls());
        assertFalse(out.writtenAfterClose());
    }

    @Test
    void oneCaptureForBothStreamsKeepsTheirOrder() throws Exception {
        TckSink both = new TckSink();
        OutputTarget capture = new OutputTarget.Capture(both);
        LaunchedProcess p = children.spec(commands.interleaved()).stdout(capture).stderr(capture).launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        await().until(both::isClosed);
        assertEquals("1\n2\n3\n4\n", both.text());
    }

    @Test
    void outputWrittenRightBeforeTheExitIsDeliveredBeforeTheExitIsReported() throws Exception {
        int size = 1024 * 1024;
        for (int run = 0; run < 3; run++) {
            TckSink out = new TckSink();
            LaunchedProcess p = children.spec(commands.bigOutput(size)).capture(out).launch();
            // Evaluated on the adapter's thread the moment the exit is reported.
            CompletableFuture<Integer> atExit = p.onExit().thenApply(status -> out.size());
            assertEquals(size, atExit.get(WAIT.toSeconds(), TimeUnit.SECONDS), "bytes delivered at exit, run " + run);
            await().until(out::isClosed);
            assertEquals(size, out.size());
        }
    }

    @Test
    void outputKeepsFlowingAfterTheMainProcessExitedWhileADescendantHoldsIt(@TempDir Path tmp) throws Exception {
        Path flag = tmp.resolve("flag");
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.lateOutput(flag)).capture(out).launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        await().until(() -> out.text().contains("early\n"));
        assertFalse(out.isClosed(), "a descendant still holds the stream");
        Files.writeString(flag, "go");
        await().until(out::isClosed);
        assertEquals("early\nlate\n", out.text());
    }

    @Test
    void writesToFilesAppendingOrTruncatingAndCreatesTheirDirectories(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("logs").resolve("nested dir").resolve("out.log");
        OutputTarget append = new OutputTarget.ToFile(log, true);
        exitOf(children.spec(commands.echo("one\n", "", 0)).stdout(append).launch());
        exitOf(children.spec(commands.echo("two\n", "err\n", 0)).stdout(append).stderr(append).launch());
        assertEquals("one\ntwo\nerr\n", Files.readString(log).replace("\r\n", "\n"));

        exitOf(children.spec(commands.echo("three\n", "", 0)).stdout(new OutputTarget.ToFile(log, false)).launch());
        assertEquals("three\n", Files.readString(log).replace("\r\n", "\n"));
    }

    @Test
    void discardedOutputGoesNowhere(@TempDir Path tmp) throws Exception {
        LaunchedProcess p = children.spec(commands.echo("gone", "gone", 0)).cwd(tmp)
                .stdout(OutputTarget.discard()).stderr(OutputTarget.discard()).launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "nothing written in the working directory");
        }
    }

    @Test
    void inheritedOutputIsAccepted() throws Exception {
        LaunchedProcess p = children.spec(commands.echo("", "", 0)).stdout(OutputTarget.inherit())
                .stderr(OutputTarget.inherit()).launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
    }

    @Test
    void standardInputIsTheNullDevice() throws Exception {
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.readStdin()).capture(out).launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        await().until(out::isClosed);
        assertEquals("0", out.text().trim());
    }

    @Test
    void theChildInheritsNoDescriptorOfTheMaster() throws Exception {
        var list = commands.listInheritedDescriptors();
        assumeTrue(list.isPresent(), "this OS's commands cannot list inherited descriptors");
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(list.get()).capture(out).launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        await().until(out::isClosed);
        assertEquals("", out.text(), "descriptors beyond stdin, stdout and stderr");
    }

    @Test
    void manyConcurrentLaunchesAllReportTheirOwnExit() throws Exception {
        int count = 60;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<LaunchedProcess>> launches = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int code = i;
                launches.add(pool.submit(() -> children.start(commands.exit(code))));
            }
            for (int i = 0; i < count; i++) {
                assertEquals(new ExitStatus.Exited(i), exitOf(launches.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)),
                        "child " + i);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void aLaunchReturnsQuickly() throws Exception {
        // Launching is not waiting: a long-running child is running when launch returns.
        long start = System.nanoTime();
        LaunchedProcess p = children.start(commands.sleeper());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "launch took " + took);
        assertTrue(p.isAlive());
    }

    @Test
    void aStreamPausedByItsSinkHoldsItsOutputAndTheChildUntilResumed() throws Exception {
        int size = 1024 * 1024; // more than any pipe holds: the child must block
        TckSink out = new TckSink(TckSink.Pause.AT_ATTACH);
        LaunchedProcess p = children.spec(commands.bigOutput(size)).capture(out).launch();
        assumeTrue(out.flow() != null, "the adapter offers no back-pressure (it never calls OutputSink.attach)");
        await().during(Duration.ofMillis(300)).until(() -> out.size() == 0);
        assertTrue(p.isAlive(), "a child writing more than a pipe holds to a paused stream cannot finish");
        out.resume();
        await().until(out::isClosed);
        assertEquals(size, out.size());
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        assertEquals(1, out.closeCalls());
    }

    @Test
    void pausingFromInsideWriteStopsDeliveryUntilResumed() throws Exception {
        int size = 1024 * 1024;
        TckSink out = new TckSink(TckSink.Pause.AT_FIRST_WRITE);
        LaunchedProcess p = children.spec(commands.bigOutput(size)).capture(out).launch();
        assumeTrue(out.flow() != null, "the adapter offers no back-pressure (it never calls OutputSink.attach)");
        await().until(() -> out.writes() >= 1);
        await().during(Duration.ofMillis(300)).until(() -> out.writesWhilePaused() == 0);
        assertTrue(out.size() < size, "paused after the first chunk, yet everything arrived");
        out.resume();
        await().until(out::isClosed);
        assertEquals(size, out.size());
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
    }
}

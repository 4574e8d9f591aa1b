package dev.hsu.windows.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
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
import org.mockito.InOrder;

/** The launcher against mocked kernel32: what reaches CreateProcessW, the suspended start, errors. */
class WindowsProcessLauncherTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Harness h = new Harness();
    private final Win32Mocks win = h.win;

    WindowsProcessLauncherTest() throws Exception {
    }

    @AfterEach
    void close() {
        h.close();
    }

    private Win32Mocks.FakeProcess fake(WindowsProcess p) {
        return win.processes.get((int) p.pid());
    }

    private static ExitStatus exitOf(WindowsProcess p) throws Exception {
        return p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void createsSuspendedAssignsToTheJobThenResumes() throws Exception {
        WindowsProcess p = h.spec("server", "--port", "8080").launch();
        Win32Mocks.FakeProcess child = fake(p);
        InOrder order = inOrder(win.k32);
        order.verify(win.k32).CreateProcessW(any(), any(), any(), any(), eq(true), anyInt(), any(), any(), any(), any());
        order.verify(win.k32).AssignProcessToJobObject(any(), eq(child.handle));
        order.verify(win.k32).RegisterWaitForSingleObject(any(), eq(child.handle), any(), any(), eq(Win32.INFINITE),
                eq(Win32.WT_EXECUTEONLYONCE | Win32.WT_EXECUTEINWAITTHREAD));
        order.verify(win.k32).ResumeThread(child.thread);
        order.verify(win.k32).CloseHandle(child.thread);
        assertTrue((child.flags & Win32.CREATE_SUSPENDED) != 0);
        assertTrue((child.flags & Win32.CREATE_UNICODE_ENVIRONMENT) != 0);
        assertTrue((child.flags & Win32.EXTENDED_STARTUPINFO_PRESENT) != 0);
        assertTrue((child.flags & Win32.CREATE_NEW_PROCESS_GROUP) != 0);
        assertEquals(0, child.flags & Win32.CREATE_NO_WINDOW, "the child shares the master's console");
        assertTrue(child.resumed);
        assertSame(child.job, win.jobs.values().stream().filter(j -> j.processes.contains(child)).findFirst().orElseThrow());
        assertTrue(p.isAlive());
        assertEquals(child.pid, p.pid());
    }

    @Test
    void passesTheResolvedProgramTheQuotedCommandLineTheEnvironmentAndTheDirectory() throws Exception {
        h.dirs.add("c:\\data dir");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "C:\\app");
        env.put("Greeting", "hello world");
        env.put("EMPTY", "");
        WindowsProcess p = h.spec("server", "two words", "", "quote\"inside", "trailing\\").env(env).cwd("C:\\data dir")
                .launch();
        Win32Mocks.FakeProcess child = fake(p);
        assertEquals("C:\\app\\server.exe", child.application);
        assertEquals("server \"two words\" \"\" \"quote\\\"inside\" trailing\\", child.commandLine);
        assertEquals(List.of("server", "two words", "", "quote\"inside", "trailing\\"), ArgvParser.parse(child.commandLine));
        assertEquals(List.of("EMPTY=", "Greeting=hello world", "PATH=C:\\app"), child.environment());
        assertEquals("C:\\data dir", child.directory);
    }

    @Test
    void noWorkingDirectoryLeavesTheMastersAndRelativeOnesAreResolvedAgainstIt() throws Exception {
        assertNull(fake(h.spec("server").launch()).directory);
        h.dirs.add("c:\\master\\sub");
        assertEquals("C:\\master\\sub", fake(h.spec("server").cwd("sub").launch()).directory);
    }

    @Test
    void onlyTheChildsThreeHandlesAreInheritedAndTheyAreDistinctInTheList() throws Exception {
        Harness.Sink both = new Harness.Sink();
        OutputTarget capture = new OutputTarget.Capture(both);
        WindowsProcess p = h.spec("server").out(capture).err(capture).launch();
        Win32Mocks.FakeProcess child = fake(p);
        assertSame(child.stdout, child.stderr, "one pipe for both streams");
        assertEquals(List.of(child.stdin, child.stdout), win.handleLists.get(0));
        assertEquals(Win32.STARTF_USESTDHANDLES, child.startupFlags);
        assertEquals(112, child.startupSize);
        verify(win.k32).DeleteProcThreadAttributeList(any());
        assertTrue(win.closedHandles().contains(child.stdin), "the master's copies of the child's handles are closed");
        assertTrue(win.closedHandles().contains(child.stdout));
    }

    @Test
    void aBatchFileRunsThroughCmdExe() throws Exception {
        h.file("C:\\app\\deploy.cmd");
        WindowsProcess p = h.spec("deploy", "prod", "two words").launch();
        Win32Mocks.FakeProcess child = fake(p);
        assertEquals("C:\\Windows\\System32\\cmd.exe", child.application);
        assertEquals("C:\\Windows\\System32\\cmd.exe /d /v:off /s /c \"\"C:\\app\\deploy.cmd\" prod \"two words\"\"",
                child.commandLine);
        assertEquals(PeImage.Kind.CONSOLE, p.kind());
    }

    @Test
    void aBatchArgumentCmdWouldExpandIsALaunchExceptionAndNothingStarts() {
        h.file("C:\\app\\deploy.cmd");
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("deploy", "100%").launch());
        assertTrue(e.getMessage().startsWith("unit web: argument 1 of batch file C:\\app\\deploy.cmd contains '%'"),
                e.getMessage());
        verify(win.k32, never()).CreateProcessW(any(), any(), any(), any(), anyBoolean(), anyInt(), any(), any(), any(),
                any());
    }

    @Test
    void theProgramKindDecidesTheGracefulStop() throws Exception {
        h.file("C:\\app\\editor.exe");
        h.kinds.put("c:\\app\\editor.exe", PeImage.Kind.GUI);
        assertEquals(PeImage.Kind.GUI, h.spec("editor").launch().kind());
        assertEquals(PeImage.Kind.CONSOLE, h.spec("server").launch().kind());
    }

    @Test
    void nicenessBecomesAPriorityClass() throws Exception {
        assertTrue((fake(h.spec("server").niceness(10).launch()).flags & Win32.BELOW_NORMAL_PRIORITY_CLASS) != 0);
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("server").niceness(30).launch());
        assertEquals("unit web: niceness 30 is outside -20..19; fix it", e.getMessage());
    }

    @Test
    void withoutAConsoleTheMasterGivesEachChildAHiddenOneOfItsOwn() throws Exception {
        try (Harness service = new Harness(false)) {
            WindowsProcess p = service.spec("server").launch();
            Win32Mocks.FakeProcess child = service.win.processes.get((int) p.pid());
            assertTrue((child.flags & Win32.CREATE_NO_WINDOW) != 0);
            assertTrue(p.ownConsole());
        }
    }

    @Test
    void theStartTimeIsTheProcessCreationTime() throws Exception {
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), h.spec("server").launch().startTime());
        assertEquals(Instant.parse("1970-01-01T00:00:00.0000001Z"),
                WindowsProcessLauncher.fileTime(Win32.FILETIME_UNIX_EPOCH + 1));
    }

    @Test
    void aFailedAssignmentEndsTheProcessBeforeItRan() {
        win.assignError = Win32Error.ERROR_ACCESS_DENIED;
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("server").launch());
        assertTrue(e.getMessage().startsWith("unit web: could not be placed in its Job Object (AssignProcessToJobObject: "
                + "ERROR_ACCESS_DENIED (5)) and was ended before it ran"), e.getMessage());
        Win32Mocks.FakeProcess child = win.processes.values().iterator().next();
        assertTrue(child.ended);
        assertEquals(1, child.exitCode);
        assertFalse(child.resumed, "never resumed: not one instruction ran outside the job");
        verify(win.k32, never()).ResumeThread(any());
    }

    @Test
    void createProcessFailuresNameTheCauseAndCloseTheHandles() {
        win.createProcessError = Win32Error.ERROR_ELEVATION_REQUIRED;
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("server").out(
                new OutputTarget.Capture(new Harness.Sink())).launch());
        assertTrue(e.getMessage().contains("cannot start C:\\app\\server.exe: C:\\app\\server.exe asks for administrator "
                + "rights"), e.getMessage());
        assertTrue(e.getMessage().endsWith("[ERROR_ELEVATION_REQUIRED (740)]"), e.getMessage());
        Win32Mocks.FakePipe pipe = win.pipesByServer.values().iterator().next();
        assertTrue(win.closedHandles().contains(pipe.server));
        assertTrue(win.closedHandles().contains(pipe.client));

        win.createProcessError = Win32Error.ERROR_BAD_EXE_FORMAT;
        e = assertThrows(LaunchException.class, () -> h.spec("server").launch());
        assertTrue(e.getMessage().contains("is not a Windows program for this machine"), e.getMessage());
    }

    @Test
    void aMissingProgramOrDirectoryIsALaunchExceptionBeforeAnythingStarts() {
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("nope").launch());
        assertTrue(e.getMessage().startsWith("unit web: executable 'nope' not found in PATH"), e.getMessage());
        e = assertThrows(LaunchException.class, () -> h.spec("server").cwd("C:\\missing").launch());
        assertEquals("unit web: working directory C:\\missing does not exist; create it or fix the unit's working "
                + "directory", e.getMessage());
        h.file("C:\\afile");
        e = assertThrows(LaunchException.class, () -> h.spec("server").cwd("C:\\afile").launch());
        assertTrue(e.getMessage().endsWith("is not a directory; point the unit's working directory at a directory"));
        verify(win.k32, never()).CreateProcessW(any(), any(), any(), any(), anyBoolean(), anyInt(), any(), any(), any(),
                any());
    }

    @Test
    void badEnvironmentsAndNulsAreLaunchExceptions() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Path", "C:\\app");
        env.put("PATH", "C:\\app");
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("server").env(env).launch());
        assertTrue(e.getMessage().contains("PATH and Path differ only in case"), e.getMessage());
        e = assertThrows(LaunchException.class, () -> h.spec("server", "a\0b").launch());
        assertEquals("unit web: argument 1 contains a NUL character, which cannot be passed to a program; remove it",
                e.getMessage());
    }

    @Test
    void aForeignConfinementWithoutLimitsGetsAPrivateJobReleasedAtTheExit() throws Exception {
        Confinement foreign = new Confinement() {
            @Override
            public String unitId() {
                return "web";
            }

            @Override
            public ResourceLimits limits() {
                return ResourceLimits.NONE;
            }
        };
        WindowsProcess p = h.spec("server").confinement(foreign).launch();
        assertSame(foreign, p.confinement());
        Win32Mocks.FakeJob job = fake(p).job;
        assertFalse(job.closed);
        fake(p).end(0);
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        assertTrue(job.closed, "the private job is released with the process");
    }

    @Test
    void aForeignConfinementWithLimitsOrAReleasedOneIsRefused() {
        Confinement foreign = new Confinement() {
            @Override
            public String unitId() {
                return "web";
            }

            @Override
            public ResourceLimits limits() {
                return ResourceLimits.builder().memory(1L << 30).build();
            }
        };
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("server").confinement(foreign).launch());
        assertTrue(e.getMessage().contains("was not made by the Windows adapter's limiter"), e.getMessage());

        WindowsConfinement released = h.limiter.confine("web", ResourceLimits.NONE);
        h.limiter.release(released);
        e = assertThrows(LaunchException.class, () -> h.spec("server").confinement(released).launch());
        assertTrue(e.getMessage().contains("its Job Object was already released"), e.getMessage());
    }

    @Test
    void anExitIsReportedWithItsCodeAndTheHandleClosed() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        Win32Mocks.FakeProcess child = fake(p);
        CompletableFuture<ExitStatus> first = p.onExit();
        child.end(3);
        assertEquals(new ExitStatus.Exited(3), exitOf(p));
        assertEquals(new ExitStatus.Exited(3), first.get(1, TimeUnit.SECONDS));
        assertFalse(p.isAlive());
        assertTrue(win.closedHandles().contains(child.handle));
        verify(win.k32).UnregisterWait(any());
        assertEquals(0, h.loop.registrations() - win.jobs.size(), "only the jobs' handlers are left");
    }

    @Test
    void aCallerCompletingItsFutureDoesNotFakeTheExit() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        p.onExit().complete(new ExitStatus.Exited(99));
        assertTrue(p.isAlive());
        fake(p).end(0);
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
    }

    @Test
    void capturedOutputIsDeliveredOnTheLoopThreadAndClosedOnce() throws Exception {
        Harness.Sink out = new Harness.Sink();
        Harness.Sink err = new Harness.Sink();
        WindowsProcess p = h.spec("server").out(new OutputTarget.Capture(out)).err(new OutputTarget.Capture(err)).launch();
        Win32Mocks.FakeProcess child = fake(p);
        child.writeStdout("hello ");
        child.writeStderr("oops");
        child.writeStdout("world");
        await().atMost(WAIT).until(() -> out.text().equals("hello world") && err.text().equals("oops"));
        assertEquals(IocpLoop.THREAD_NAME, out.threadName);
        child.end(0);
        exitOf(p);
        await().atMost(WAIT).until(() -> out.isClosed() && err.isClosed());
        assertEquals(1, out.closes);
        assertEquals(1, err.closes);
        Win32Mocks.FakePipe pipe = win.pipesByClient.get(child.stdout);
        assertTrue(pipe.name.startsWith("\\\\.\\pipe\\hsu-"), pipe.name);
        assertEquals(Win32.PIPE_ACCESS_INBOUND | Win32.FILE_FLAG_OVERLAPPED | Win32.FILE_FLAG_FIRST_PIPE_INSTANCE,
                pipe.openMode);
        assertTrue((pipe.pipeMode & Win32.PIPE_REJECT_REMOTE_CLIENTS) != 0);
        assertTrue(pipe.clientInheritable);
    }

    @Test
    void outputWrittenRightBeforeTheExitIsDeliveredBeforeTheExitIsReported() throws Exception {
        for (int run = 0; run < 20; run++) {
            Harness.Sink out = new Harness.Sink();
            WindowsProcess p = h.spec("server").out(new OutputTarget.Capture(out)).launch();
            CompletableFuture<Integer> atExit = p.onExit().thenApply(s -> out.size());
            Win32Mocks.FakeProcess child = fake(p);
            for (int i = 0; i < 10; i++) {
                child.writeStdout("x".repeat(CapturePipe.BUFFER_SIZE));
            }
            child.end(0);
            assertEquals(10 * CapturePipe.BUFFER_SIZE, atExit.get(WAIT.toSeconds(), TimeUnit.SECONDS), "run " + run);
        }
    }

    @Test
    void outputKeepsFlowingAfterTheExitWhileADescendantHoldsThePipe() throws Exception {
        Harness.Sink out = new Harness.Sink();
        WindowsProcess p = h.spec("server").out(new OutputTarget.Capture(out)).launch();
        Win32Mocks.FakeProcess child = fake(p);
        Win32Mocks.FakePipe pipe = win.pipesByClient.get(child.stdout);
        Win32Mocks.FakeProcess descendant = child.job.spawnDescendant();
        pipe.hold(descendant);
        child.end(0);
        exitOf(p);
        assertFalse(out.isClosed());
        pipe.write("late".getBytes());
        descendant.end(0);
        await().atMost(WAIT).until(out::isClosed);
        assertEquals("late", out.text());
    }

    @Test
    void filesAndTheNullDeviceAreOpenedForTheChild() throws Exception {
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "hsu-windows-test", "nested", "out.log");
        h.spec("server").out(new OutputTarget.ToFile(log, true)).err(new OutputTarget.ToFile(log, false)).launch();
        List<Win32Mocks.OpenedFile> opened = win.files;
        assertEquals("NUL", opened.get(0).name());
        assertEquals(Win32.GENERIC_READ, opened.get(0).access());
        assertEquals(log.toAbsolutePath().toString(), opened.get(1).name());
        assertEquals(Win32.FILE_APPEND_DATA | Win32.SYNCHRONIZE, opened.get(1).access());
        assertEquals(Win32.OPEN_ALWAYS, opened.get(1).disposition());
        assertEquals(Win32.GENERIC_WRITE, opened.get(2).access());
        assertEquals(Win32.CREATE_ALWAYS, opened.get(2).disposition());
        assertTrue(opened.stream().allMatch(Win32Mocks.OpenedFile::inheritable));
        assertTrue(java.nio.file.Files.isDirectory(log.getParent()), "the file's directories are created");
    }

    @Test
    void inheritDuplicatesTheMastersHandlesOrUsesNulWithoutThem() throws Exception {
        h.spec("server").out(OutputTarget.inherit()).err(OutputTarget.inherit()).launch();
        verify(win.k32).DuplicateHandle(any(), eq(Win32Mocks.handle(0x900 + 11)), any(), any(), eq(0), eq(true),
                eq(Win32.DUPLICATE_SAME_ACCESS));
        win.quietly(() -> doReturn(null).when(win.k32).GetStdHandle(Win32.STD_ERROR_HANDLE));
        int before = win.files.size();
        h.spec("server").err(OutputTarget.inherit()).launch();
        assertEquals("NUL", win.files.get(win.files.size() - 1).name());
        assertTrue(win.files.size() > before);
    }

    @Test
    void aResumeFailureEndsTheProcessAndIsALaunchException() {
        win.quietly(() -> doAnswer(inv -> {
                win.fail(Win32Error.ERROR_ACCESS_DENIED);
                return -1;
            }).when(win.k32).ResumeThread(any()));
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("server").launch());
        assertTrue(e.getMessage().contains("ResumeThread failed (ERROR_ACCESS_DENIED (5))"), e.getMessage());
        assertTrue(win.processes.values().iterator().next().ended);
    }

    @Test
    void aWaitThatCannotBeRegisteredEndsTheProcess() {
        win.quietly(() -> doAnswer(inv -> {
                win.fail(Win32Error.ERROR_NOT_ENOUGH_MEMORY);
                return false;
            }).when(win.k32).RegisterWaitForSingleObject(any(), any(), any(), any(), anyInt(), anyInt()));
        LaunchException e = assertThrows(LaunchException.class, () -> h.spec("server").launch());
        assertTrue(e.getMessage().contains("could not be watched (RegisterWaitForSingleObject failed"), e.getMessage());
        assertTrue(win.processes.values().iterator().next().ended);
    }

    @Test
    void aPausedStreamDoesNotHoldBackTheExitAndIsDeliveredAfterResume() throws Exception {
        dev.hsu.spi.OutputFlow[] flow = new dev.hsu.spi.OutputFlow[1];
        Harness.Sink out = new Harness.Sink() {
            @Override
            public void attach(dev.hsu.spi.OutputFlow f) {
                flow[0] = f;
                f.pause();
            }
        };
        WindowsProcess p = h.spec("server").out(new OutputTarget.Capture(out)).launch();
        Win32Mocks.FakeProcess child = fake(p);
        child.writeStdout("last words");
        child.end(0);
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        assertEquals(0, out.size(), "nothing is delivered while paused, not even at the exit");
        flow[0].resume();
        await().atMost(WAIT).until(out::isClosed);
        assertEquals("last words", out.text());
    }
}

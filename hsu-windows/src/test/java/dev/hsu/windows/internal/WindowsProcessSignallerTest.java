package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.sun.jna.platform.win32.WinDef.HWND;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.Signal;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Graceful and forced stops against mocked kernel32 and user32. */
class WindowsProcessSignallerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Harness h = new Harness();
    private final Win32Mocks win = h.win;

    WindowsProcessSignallerTest() throws Exception {
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static ExitStatus exitOf(LaunchedProcess p) throws Exception {
        return p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void termToAConsoleProgramIsCtrlBreakToItsGroupAndItsDefaultEndReadsAsTerm() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        h.signaller.signal(p, Signal.TERM);
        assertEquals(List.of("ctrl 1 " + p.pid()), win.consoleCalls);
        assertEquals(new ExitStatus.Killed(15, Signal.TERM, false), exitOf(p));
        verify(win.user32, never()).EnumWindows(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
    }

    @Test
    void aProgramThatHandlesCtrlBreakExitsWithItsOwnCode() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        win.processes.get((int) p.pid()).onBreak = event -> win.processes.get((int) p.pid()).end(3);
        h.signaller.signalTree(p, Signal.TERM);
        assertEquals(new ExitStatus.Exited(3), exitOf(p));
    }

    @Test
    void theControlCExitCodeWithoutATermFromHsuIsAPlainExit() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        win.processes.get((int) p.pid()).end(Win32.STATUS_CONTROL_C_EXIT);
        assertEquals(new ExitStatus.Exited(Win32.STATUS_CONTROL_C_EXIT), exitOf(p));
    }

    @Test
    void termToAGuiProgramClosesItsMainWindowsOnly() throws Exception {
        h.file("C:\\app\\editor.exe");
        h.kinds.put("c:\\app\\editor.exe", PeImage.Kind.GUI);
        WindowsProcess p = h.spec("editor").launch();
        int pid = (int) p.pid();
        win.processes.get(pid).closesOnWmClose = true;
        Win32Mocks.FakeWindow main = win.addWindow(pid, true, null);
        Win32Mocks.FakeWindow hidden = win.addWindow(pid, false, null);
        Win32Mocks.FakeWindow dialog = win.addWindow(pid, true, main.hwnd());
        Win32Mocks.FakeWindow someoneElses = win.addWindow(1234, true, null);
        h.signaller.signal(p, Signal.TERM);
        assertEquals(List.of(main.hwnd()), win.closedWindows);
        assertTrue(win.consoleCalls.isEmpty(), "no CTRL_BREAK to a GUI program");
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        assertTrue(!win.closedWindows.contains(hidden.hwnd()) && !win.closedWindows.contains(dialog.hwnd())
                && !win.closedWindows.contains(someoneElses.hwnd()));
    }

    @Test
    void termToTheTreeAlsoClosesTheWindowsOfEveryProcessInTheJob() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        Win32Mocks.FakeProcess descendant = win.processes.get((int) p.pid()).job.spawnDescendant();
        Win32Mocks.FakeWindow window = win.addWindow(descendant.pid, true, null);
        win.processes.get((int) p.pid()).onBreak = event -> { };
        h.signaller.signalTree(p, Signal.TERM);
        assertEquals(List.of("ctrl 1 " + p.pid()), win.consoleCalls);
        assertEquals(List.of(window.hwnd()), win.closedWindows);
    }

    @Test
    void withoutItsOwnConsoleTheMasterAttachesToTheChildsForTheBreak() throws Exception {
        try (Harness service = new Harness(false)) {
            WindowsProcess p = service.spec("server").launch();
            service.signaller.signal(p, Signal.TERM);
            assertEquals(List.of("attach " + p.pid(), "ctrl 1 " + p.pid(), "free"), service.win.consoleCalls);
            assertEquals(new ExitStatus.Killed(15, Signal.TERM, false), exitOf(p));
        }
    }

    @Test
    void aFailedBreakToALiveProcessNamesTheUnitAndTheCall() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        win.quietly(() -> org.mockito.Mockito.doAnswer(inv -> {
                win.fail(Win32Error.ERROR_ACCESS_DENIED);
                return false;
            }).when(win.k32).GenerateConsoleCtrlEvent(anyInt(), anyInt()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.signaller.signal(p, Signal.TERM));
        assertEquals("unit web: cannot send CTRL_BREAK to process group " + p.pid()
                + " (GenerateConsoleCtrlEvent: ERROR_ACCESS_DENIED (5))", e.getMessage());
    }

    @Test
    void killEndsTheProcessAloneAndReadsAsKill() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        Win32Mocks.FakeProcess descendant = win.processes.get((int) p.pid()).job.spawnDescendant();
        h.signaller.signal(p, Signal.KILL);
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), exitOf(p));
        assertTrue(!descendant.ended, "signal() is for the process alone");
        assertEquals(1, h.signaller.killTree(p));
        assertTrue(descendant.ended);
    }

    @Test
    void killTreeTerminatesTheJobAndCountsWhatWasInIt() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        Win32Mocks.FakeJob job = win.processes.get((int) p.pid()).job;
        job.spawnDescendant();
        job.spawnDescendant();
        assertEquals(3, h.signaller.killTree(p));
        assertEquals(ExitCodes.KILL_EXIT_CODE, job.terminatedWith);
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), exitOf(p));
        assertTrue(job.processes.stream().allMatch(x -> x.ended));
        assertEquals(0, h.signaller.killTree(p), "nothing is left the second time");
    }

    @Test
    void killTreeAfterTheExitEndsWhatWasLeftBehind() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        Win32Mocks.FakeProcess main = win.processes.get((int) p.pid());
        Win32Mocks.FakeProcess left = main.job.spawnDescendant();
        main.end(0);
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        assertEquals(1, h.signaller.killTree(p));
        assertTrue(left.ended);
    }

    @Test
    void signalTreeKillIsKillTree() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        Win32Mocks.FakeProcess descendant = win.processes.get((int) p.pid()).job.spawnDescendant();
        h.signaller.signalTree(p, Signal.KILL);
        exitOf(p);
        assertTrue(descendant.ended);
    }

    @Test
    void everyOtherSignalIsUnsupportedNamingIt() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        for (Signal s : EnumSet.complementOf(EnumSet.of(Signal.TERM, Signal.KILL))) {
            UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                    () -> h.signaller.signal(p, s));
            assertEquals("signal " + s.signalName(), e.capability());
            assertEquals("windows", e.platform());
            assertThrows(UnsupportedCapabilityException.class, () -> h.signaller.signalTree(p, s));
        }
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> h.signaller.signal(p, Signal.INT));
        assertTrue(e.getMessage().contains("CTRL_C cannot be sent to one process group"), e.getMessage());
        assertTrue(p.isAlive());
    }

    @Test
    void signallingAnEndedProcessIsANoOp() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        win.processes.get((int) p.pid()).end(0);
        exitOf(p);
        assertDoesNotThrow(() -> h.signaller.signal(p, Signal.TERM));
        assertDoesNotThrow(() -> h.signaller.signal(p, Signal.KILL));
        assertDoesNotThrow(() -> h.signaller.signalTree(p, Signal.TERM));
        assertEquals(0, h.signaller.killTree(p));
        assertTrue(win.consoleCalls.isEmpty());
    }

    @Test
    void aForeignProcessIsRefused() {
        LaunchedProcess foreign = mock(LaunchedProcess.class);
        assertThrows(IllegalArgumentException.class, () -> h.signaller.killTree(foreign));
        assertThrows(IllegalArgumentException.class, () -> h.signaller.signal(foreign, Signal.TERM));
    }

    @Test
    void theWindowCloserPostsWmCloseToVisibleUnownedWindowsOfTheGivenProcesses() {
        Win32Mocks mocks = new Win32Mocks();
        Win32Mocks.FakeWindow a = mocks.addWindow(10, true, null);
        mocks.addWindow(10, true, new HWND(new com.sun.jna.Pointer(1)));
        Win32Mocks.FakeWindow b = mocks.addWindow(11, true, null);
        mocks.addWindow(12, true, null);
        assertEquals(2, new WindowCloser(mocks.user32).close(List.of(10, 11)));
        assertEquals(List.of(a.hwnd(), b.hwnd()), mocks.closedWindows);
        assertEquals(0, new WindowCloser(mocks.user32).close(List.of()));
    }
}

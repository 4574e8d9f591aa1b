package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.Signal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Exit codes, wide strings, byte counts, the exit watcher and console detection. */
class SmallPartsTest {

    @Test
    void exitCodesReadAsTheSignalHsuSentOnlyWhenItSentIt() {
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), ExitCodes.status(137, false, true));
        assertEquals(new ExitStatus.Exited(137), ExitCodes.status(137, true, false));
        assertEquals(new ExitStatus.Killed(15, Signal.TERM, false),
                ExitCodes.status(Win32.STATUS_CONTROL_C_EXIT, true, false));
        assertEquals(new ExitStatus.Exited(Win32.STATUS_CONTROL_C_EXIT),
                ExitCodes.status(Win32.STATUS_CONTROL_C_EXIT, false, true));
        assertEquals(new ExitStatus.Exited(0xC0000005), ExitCodes.status(0xC0000005, true, true));
        assertEquals(new ExitStatus.Exited(0), ExitCodes.status(0, true, true));
    }

    @Test
    void wideStringsAreUtf16LittleEndianWithATerminatingNul() {
        try (Memory m = Utf16.of("C:\\ü ✓")) {
            byte[] text = "C:\\ü ✓".getBytes(StandardCharsets.UTF_16LE);
            assertEquals(text.length + 2, m.size());
            assertEquals(0, m.getShort(text.length));
            assertEquals("C:\\ü ✓", Utf16.read(m));
        }
    }

    @Test
    void byteCountsAreShortInMessages() {
        assertEquals("512B", Bytes.format(512));
        assertEquals("64MiB", Bytes.format(64L << 20));
        assertEquals("1.5GiB", Bytes.format(3L << 29));
    }

    @Test
    void theExitWatcherRegistersEachProcessOnceAndItsCallbackPostsTheKey() throws Exception {
        Win32Mocks win = new Win32Mocks();
        IocpLoop loop = new IocpLoop(win.k32);
        try {
            ExitWatcher watcher = new ExitWatcher(win.k32, loop);
            List<Integer> seen = new CopyOnWriteArrayList<>();
            long key = loop.newKey();
            loop.register(key, (bytes, overlapped, error) -> seen.add(bytes));
            // What a Windows wait thread does when the process ends:
            watcher.callback().callback(new Pointer(key), (byte) 0);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> seen.size() == 1);
            verify(win.k32).PostQueuedCompletionStatus(win.port, 0, key, null);
            watcher.unwatch(null);
            watcher.unwatch(Win32Mocks.handle(0x55));
            verify(win.k32).UnregisterWait(Win32Mocks.handle(0x55));
        } finally {
            loop.close();
        }
    }

    @Test
    void aWaitThatCannotBeRegisteredIsReported() throws Exception {
        Win32Mocks win = new Win32Mocks();
        IocpLoop loop = new IocpLoop(win.k32);
        try {
            win.quietly(() -> org.mockito.Mockito.doAnswer(inv -> win.fail(Win32Error.ERROR_INVALID_HANDLE)).when(win.k32)
                        .RegisterWaitForSingleObject(any(), any(), any(), any(), anyInt(), anyInt()));
            Win32CallException e = org.junit.jupiter.api.Assertions.assertThrows(Win32CallException.class,
                    () -> new ExitWatcher(win.k32, loop).watch(Win32Mocks.handle(0x60), 7));
            assertEquals("RegisterWaitForSingleObject failed: ERROR_INVALID_HANDLE (6)", e.getMessage());
        } finally {
            loop.close();
        }
    }

    @Test
    void theMasterHasAConsoleWhenItsConsoleListsProcesses() {
        Win32Mocks win = new Win32Mocks();
        assertTrue(ConsoleControl.masterHasConsole(win.k32));
        assertEquals(Win32.CREATE_NEW_PROCESS_GROUP, new ConsoleControl(win.k32).creationFlags());
        win.masterHasConsole = false;
        assertEquals(false, ConsoleControl.masterHasConsole(win.k32));
        assertEquals(Win32.CREATE_NEW_PROCESS_GROUP | Win32.CREATE_NO_WINDOW, new ConsoleControl(win.k32).creationFlags());
        verify(win.k32, org.mockito.Mockito.atLeastOnce()).GetConsoleProcessList(any(), eq(4));
    }

    @Test
    void win32ErrorsAreNamed() {
        assertEquals("ERROR_ACCESS_DENIED (5)", Win32Error.describe(5));
        assertEquals("error 4242", Win32Error.describe(4242));
    }
}

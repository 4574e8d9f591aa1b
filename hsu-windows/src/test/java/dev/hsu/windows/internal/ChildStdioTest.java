package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;

import com.sun.jna.platform.win32.WinBase;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.OutputTarget;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildStdioTest {
    private final Win32Mocks win = new Win32Mocks();

    @Test
    void equalTargetsShareOneHandleAndTheListHasNoDuplicates() throws Exception {
        ChildStdio stdio = ChildStdio.prepare(win.k32, "web", OutputTarget.discard(), OutputTarget.discard());
        assertSame(stdio.stdout(), stdio.stderr());
        assertNotSame(stdio.stdin(), stdio.stdout());
        assertEquals(List.of(stdio.stdin(), stdio.stdout()), stdio.inheritList());
        assertTrue(stdio.pipes().isEmpty());
    }

    @Test
    void twoCapturesMakeTwoPipesWhoseServersStayWithTheMaster() throws Exception {
        ChildStdio stdio = ChildStdio.prepare(win.k32, "web", new OutputTarget.Capture(new Harness.Sink()),
                new OutputTarget.Capture(new Harness.Sink()));
        assertEquals(2, stdio.pipes().size());
        assertEquals(3, stdio.inheritList().size());
        stdio.closeChildEnds();
        assertTrue(win.closedHandles().contains(stdio.stdout()));
        for (ChildStdio.Pipe p : stdio.pipes()) {
            assertTrue(!win.closedHandles().contains(p.server()), "the master keeps its end");
        }
    }

    @Test
    void aFileThatCannotBeOpenedIsALaunchExceptionAndWhatWasOpenedIsClosed() {
        doAnswer(inv -> {
            String name = Utf16.read(inv.getArgument(0));
            if (name.endsWith("locked.log")) {
                win.fail(Win32Error.ERROR_ACCESS_DENIED);
                return WinBase.INVALID_HANDLE_VALUE;
            }
            return win.newHandle();
        }).when(win.k32).CreateFileW(any(), anyInt(), anyInt(), any(), anyInt(), anyInt(), any());
        Path locked = Path.of(System.getProperty("java.io.tmpdir"), "locked.log");
        LaunchException e = assertThrows(LaunchException.class, () -> ChildStdio.prepare(win.k32, "web",
                OutputTarget.discard(), new OutputTarget.ToFile(locked, true)));
        assertTrue(e.getMessage().startsWith("unit web: cannot open output file " + locked
                + " (CreateFileW: ERROR_ACCESS_DENIED (5)); check its permissions"), e.getMessage());
        assertEquals(2, win.closedHandles().size(), "stdin and stdout were closed again");
    }

    @Test
    void aPipeThatCannotBeCreatedIsALaunchException() {
        doAnswer(inv -> {
            win.fail(Win32Error.ERROR_ACCESS_DENIED);
            return WinBase.INVALID_HANDLE_VALUE;
        }).when(win.k32).CreateNamedPipeW(any(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any());
        LaunchException e = assertThrows(LaunchException.class, () -> ChildStdio.prepare(win.k32, "web",
                new OutputTarget.Capture(new Harness.Sink()), OutputTarget.discard()));
        assertTrue(e.getMessage().contains("cannot open a capture pipe (CreateNamedPipeW: ERROR_ACCESS_DENIED (5))"),
                e.getMessage());
    }
}

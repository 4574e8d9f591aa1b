package dev.hsu.windows.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.verify;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IocpLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Win32Mocks win = new Win32Mocks();
    private IocpLoop loop;

    @AfterEach
    void close() {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void packetsGoToTheHandlerOfTheirKeyOnTheLoopThread() throws Exception {
        loop = new IocpLoop(win.k32);
        List<String> seen = new CopyOnWriteArrayList<>();
        long key = loop.newKey();
        loop.register(key, (bytes, overlapped, error) ->
                seen.add(bytes + " " + Pointer.nativeValue(overlapped) + " " + error + " " + Thread.currentThread().getName()));
        win.packets.add(new Win32Mocks.Packet(key, 12, new Pointer(0x40), true, 0));
        win.packets.add(new Win32Mocks.Packet(key, 0, new Pointer(0x40), false, Win32Error.ERROR_BROKEN_PIPE));
        await().atMost(WAIT).until(() -> seen.size() == 2);
        assertEquals(List.of("12 64 0 hsu-windows-events", "0 64 109 hsu-windows-events"), seen);
    }

    @Test
    void aPostedKeyArrivesWithNoData() throws Exception {
        loop = new IocpLoop(win.k32);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        long key = loop.newKey();
        loop.register(key, (bytes, overlapped, error) -> seen.add(bytes));
        assertTrue(loop.post(key));
        await().atMost(WAIT).until(() -> seen.equals(List.of(0)));
    }

    @Test
    void packetsForUnknownOrRemovedKeysAreDroppedAndAFailingHandlerDoesNotStopTheLoop() throws Exception {
        loop = new IocpLoop(win.k32);
        List<Long> seen = new CopyOnWriteArrayList<>();
        long failing = loop.newKey();
        long removed = loop.newKey();
        long good = loop.newKey();
        loop.register(failing, (b, o, e) -> {
            throw new IllegalStateException("boom");
        });
        loop.register(removed, (b, o, e) -> seen.add(removed));
        loop.unregister(removed);
        loop.register(good, (b, o, e) -> seen.add(good));
        loop.post(999);
        loop.post(failing);
        loop.post(removed);
        loop.post(good);
        await().atMost(WAIT).until(() -> seen.equals(List.of(good)));
        assertEquals(2, loop.registrations());
    }

    @Test
    void keysAreFreshAndNeverTheWakeKey() throws Exception {
        loop = new IocpLoop(win.k32);
        long a = loop.newKey();
        long b = loop.newKey();
        assertTrue(a != IocpLoop.WAKE_KEY && b != IocpLoop.WAKE_KEY && a != b);
    }

    @Test
    void associatingAHandleNamesTheKeyAndAFailureIsReported() throws Exception {
        loop = new IocpLoop(win.k32);
        HANDLE file = Win32Mocks.handle(0x777);
        long key = loop.newKey();
        loop.associate(file, key, (b, o, e) -> { });
        verify(win.k32).CreateIoCompletionPort(file, win.port, key, 0);

        HANDLE broken = Win32Mocks.handle(0x778);
        win.quietly(() -> doAnswer(inv -> {
                win.fail(Win32Error.ERROR_INVALID_PARAMETER);
                return null;
            }).when(win.k32).CreateIoCompletionPort(eq(broken), eq(win.port), anyLong(), eq(0)));
        long other = loop.newKey();
        Win32CallException e = assertThrows(Win32CallException.class, () -> loop.associate(broken, other, (b, o, x) -> { }));
        assertEquals("CreateIoCompletionPort (associate) failed: ERROR_INVALID_PARAMETER (87)", e.getMessage());
        assertEquals(1, loop.registrations());
    }

    @Test
    void closeStopsTheThreadWhichClosesThePort() throws Exception {
        loop = new IocpLoop(win.k32);
        loop.close();
        await().atMost(WAIT).until(() -> !loop.thread().isAlive());
        verify(win.k32).CloseHandle(win.port);
    }

    @Test
    void aFailedPortEndsTheLoop() throws Exception {
        loop = new IocpLoop(win.k32);
        win.packets.add(new Win32Mocks.Packet(0, 0, null, false, Win32Error.ERROR_ABANDONED_WAIT_0));
        await().atMost(WAIT).until(() -> !loop.thread().isAlive());
        verify(win.k32).CloseHandle(win.port);
    }

    @Test
    void aPortThatCannotBeCreatedIsReported() {
        doAnswer(inv -> {
            win.fail(Win32Error.ERROR_NOT_ENOUGH_MEMORY);
            return null;
        }).when(win.k32).CreateIoCompletionPort(any(), any(), anyLong(), eq(1));
        Win32CallException e = assertThrows(Win32CallException.class, () -> new IocpLoop(win.k32));
        assertEquals("CreateIoCompletionPort", e.call());
        assertEquals(Win32Error.ERROR_NOT_ENOUGH_MEMORY, e.error());
    }
}

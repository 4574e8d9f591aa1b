package dev.hsu.windows.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;

import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.hsu.spi.OutputSink;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One capture pipe on the loop, against a fake named pipe. */
class CapturePipeTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Win32Mocks win = new Win32Mocks();
    private final IocpLoop loop = new IocpLoop(win.k32);

    CapturePipeTest() throws Exception {
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private Win32Mocks.FakePipe pipe() {
        HANDLE server = win.k32.CreateNamedPipeW(Utf16.of("\\\\.\\pipe\\t" + System.nanoTime()), 0, 0, 1, 0, 0, 0, null);
        Win32Mocks.FakePipe pipe = win.pipesByServer.get(server);
        win.k32.CreateFileW(Utf16.of(pipe.name), 0, 0, null, 0, 0, null);
        return pipe;
    }

    @Test
    void readsUntilTheWriterLetsGoThenClosesTheSinkOnceAndTheHandle() throws Exception {
        Win32Mocks.FakePipe fake = pipe();
        Harness.Sink sink = new Harness.Sink();
        CapturePipe pipe = new CapturePipe(win.k32, loop, fake.server, loop.newKey(), sink, "web");
        pipe.start();
        fake.write("abc".getBytes());
        fake.write("x".repeat(CapturePipe.BUFFER_SIZE * 3 + 5).getBytes());
        await().atMost(WAIT).until(() -> sink.size() == 3 + CapturePipe.BUFFER_SIZE * 3 + 5);
        win.k32.CloseHandle(fake.client); // the last writer goes
        await().atMost(WAIT).until(sink::isClosed);
        assertEquals(1, sink.closes);
        assertTrue(win.closedHandles().contains(fake.server));
        assertEquals(0, loop.registrations());
    }

    @Test
    void aPipeWhoseWriterIsAlreadyGoneClosesAtOnce() throws Exception {
        Win32Mocks.FakePipe fake = pipe();
        win.k32.CloseHandle(fake.client);
        Harness.Sink sink = new Harness.Sink();
        new CapturePipe(win.k32, loop, fake.server, loop.newKey(), sink, "web").start();
        assertTrue(sink.isClosed());
    }

    @Test
    void aFailingSinkDoesNotStopThePipeFromBeingEmptied() throws Exception {
        Win32Mocks.FakePipe fake = pipe();
        int[] calls = new int[1];
        boolean[] closed = new boolean[1];
        OutputSink failing = new OutputSink() {
            @Override
            public void write(byte[] buffer, int length) {
                calls[0]++;
                throw new IllegalStateException("disk full");
            }

            @Override
            public void closed() {
                closed[0] = true;
            }
        };
        new CapturePipe(win.k32, loop, fake.server, loop.newKey(), failing, "web").start();
        fake.write("a".getBytes());
        fake.write("b".getBytes());
        win.k32.CloseHandle(fake.client);
        await().atMost(WAIT).until(() -> closed[0]);
        assertTrue(calls[0] >= 2);
    }

    @Test
    void cancellingAPendingReadFinishesThePipe() throws Exception {
        Win32Mocks.FakePipe fake = pipe();
        Harness.Sink sink = new Harness.Sink();
        CapturePipe pipe = new CapturePipe(win.k32, loop, fake.server, loop.newKey(), sink, "web");
        pipe.start();
        pipe.cancel();
        await().atMost(WAIT).until(sink::isClosed);
    }

    @Test
    void anUnexpectedReadErrorStopsTheCapture() throws Exception {
        Win32Mocks.FakePipe fake = pipe();
        win.quietly(() -> doAnswer(inv -> win.fail(Win32Error.ERROR_INVALID_HANDLE)).when(win.k32).ReadFile(any(), any(), anyInt(), any(), any()));
        Harness.Sink sink = new Harness.Sink();
        new CapturePipe(win.k32, loop, fake.server, loop.newKey(), sink, "web").start();
        assertTrue(sink.isClosed());
    }

    /** A sink that takes the flow control it is handed. */
    private static final class FlowSink extends Harness.Sink {
        volatile dev.hsu.spi.OutputFlow flow;
        volatile boolean pauseAtAttach;
        volatile boolean pauseAfterFirstWrite;
        volatile int writesAfterPause = -1;

        @Override
        public void attach(dev.hsu.spi.OutputFlow f) {
            flow = f;
            if (pauseAtAttach) {
                f.pause();
                writesAfterPause = 0;
            }
        }

        @Override
        public synchronized void write(byte[] buffer, int length) {
            super.write(buffer, length);
            if (writesAfterPause >= 0) {
                writesAfterPause++;
            }
            if (pauseAfterFirstWrite && writesAfterPause < 0) {
                flow.pause();
                writesAfterPause = 0;
            }
        }
    }

    @Test
    void thePipeIsItsSinksFlowControlAndAPausedPipeReadsNothingUntilResumed() throws Exception {
        Win32Mocks.FakePipe fake = pipe();
        FlowSink sink = new FlowSink();
        sink.pauseAtAttach = true;
        CapturePipe pipe = new CapturePipe(win.k32, loop, fake.server, loop.newKey(), sink, "web");
        assertTrue(sink.flow == pipe, "handed over at construction, before any read");
        pipe.start();
        fake.write("held back".getBytes());
        win.k32.CloseHandle(fake.client);
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> sink.size() == 0 && !sink.isClosed());
        org.mockito.Mockito.verify(win.k32, org.mockito.Mockito.never()).ReadFile(any(), any(), anyInt(), any(), any());
        sink.flow.resume();
        await().atMost(WAIT).until(sink::isClosed);
        assertEquals("held back", sink.text());
        assertEquals(1, sink.closes);
    }

    @Test
    void aCompletionThatArrivesWhilePausedIsHeldAndDeliveredAfterResume() throws Exception {
        Win32Mocks.FakePipe fake = pipe();
        FlowSink sink = new FlowSink();
        sink.pauseAfterFirstWrite = true;
        CapturePipe pipe = new CapturePipe(win.k32, loop, fake.server, loop.newKey(), sink, "web");
        pipe.start();
        fake.write("first".getBytes());
        await().atMost(WAIT).until(() -> sink.text().equals("first"));
        fake.write("second".getBytes()); // completes the read issued before the pause: held
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> sink.writesAfterPause == 0);
        assertTrue(pipe.isPaused());
        win.k32.CloseHandle(fake.client);
        sink.flow.resume();
        await().atMost(WAIT).until(sink::isClosed);
        assertEquals("firstsecond", sink.text());
        sink.flow.resume(); // after the close: nothing
        sink.flow.pause();
    }
}

package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputFlow;
import dev.hsu.spi.OutputSink;
import dev.hsu.spi.OutputTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure through {@link OutputFlow}: a paused capture pipe is not read, so the child blocks
 * in write() (seen in /proc/PID/wchan) and cannot exit; after resume every byte arrives, in order,
 * then end of file.
 */
class CaptureFlowControlTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Children children = new Children();

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    /** Pauses its stream after the first chunk and keeps everything. */
    static final class PausingSink implements OutputSink {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile OutputFlow flow;
        volatile int chunksAfterPause = -1;
        volatile boolean closed;

        @Override
        public void attach(OutputFlow flow) {
            this.flow = flow;
        }

        @Override
        public synchronized void write(byte[] buffer, int length) {
            bytes.write(buffer, 0, length);
            if (chunksAfterPause < 0) {
                chunksAfterPause = 0;
                flow.pause();
            } else {
                chunksAfterPause++;
            }
        }

        @Override
        public void closed() {
            closed = true;
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    @Test
    void aPausedPipeBlocksTheChildUntilResumedAndLosesNothing() throws Exception {
        // 4 MB of numbered lines: far more than the 64 KiB a pipe holds.
        PausingSink sink = new PausingSink();
        LaunchedProcess p = children.launch(Specs.sh("exec seq 1 500000").stdout(new OutputTarget.Capture(sink)).build());
        assertNotNull(sink.flow, "the Linux adapter hands every capture sink its flow control");

        // The child blocks as soon as the pipe is full, which may be before the sink got its first
        // chunk: wait for the sink's pause too, or the resume below could come before it (and the
        // pause then hold the pipe for good: seen under load, with 0 bytes read at the resume).
        await().atMost(WAIT).until(() -> sink.chunksAfterPause == 0 && wchan(p.pid()).contains("pipe_write"));
        assertTrue(p.isAlive(), "a child whose output is paused cannot finish writing");
        int heldAt = sink.bytes().length;
        assertEquals(0, sink.chunksAfterPause, "nothing is read while paused");

        sink.flow.resume();
        ExitStatus status;
        try {
            status = p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Say where everything stood, so that a failure can be explained.
            throw new AssertionError("no exit " + WAIT + " after the resume: child " + p.pid() + " alive "
                    + p.isAlive() + ", wchan '" + wchan(p.pid()) + "'; pipe paused "
                    + ((CapturePipe) sink.flow).isPaused() + "; " + sink.bytes().length + " bytes read ("
                    + heldAt + " before the resume), " + sink.chunksAfterPause + " chunks after the pause, closed "
                    + sink.closed, e);
        }
        assertEquals(new ExitStatus.Exited(0), status);
        await().atMost(WAIT).until(() -> sink.closed);
        assertTrue(heldAt < sink.bytes().length);
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 500000; i++) {
            expected.append(i).append('\n');
        }
        assertArrayEquals(expected.toString().getBytes(), sink.bytes());
    }

    @Test
    void outputLeftInAPausedPipeAtExitArrivesAfterTheResume() throws Exception {
        PausingSink sink = new PausingSink();
        // Small enough for the pipe: the child exits while its stream is paused.
        LaunchedProcess p = children.launch(Specs.sh("printf first; sleep 0.2; printf ' second'")
                .stdout(new OutputTarget.Capture(sink)).build());
        assertEquals(new ExitStatus.Exited(0), p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("first", new String(sink.bytes()), "nothing is read while paused, not even at the exit");
        sink.flow.resume();
        await().atMost(WAIT).until(() -> sink.closed);
        assertEquals("first second", new String(sink.bytes()));
        sink.flow.pause(); // after the close: does nothing
        sink.flow.resume();
    }

    private static String wchan(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/wchan"));
        } catch (IOException e) {
            return "";
        }
    }
}

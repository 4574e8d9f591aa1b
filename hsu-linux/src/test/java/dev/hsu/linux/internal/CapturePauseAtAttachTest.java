package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputFlow;
import dev.hsu.spi.OutputSink;
import dev.hsu.spi.OutputTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sink that pauses its stream in {@link OutputSink#attach}, before the pipe is in the event
 * loop: nothing may be read until it resumes (the pause used to be lost, since there was nothing
 * to take out of the epoll set yet).
 */
class CapturePauseAtAttachTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Children children = new Children();

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    private static final class PausedFromTheStart implements OutputSink {
        volatile OutputFlow flow;
        volatile long bytes;
        volatile boolean closed;

        @Override
        public void attach(OutputFlow flow) {
            this.flow = flow;
            flow.pause();
        }

        @Override
        public void write(byte[] buffer, int length) {
            bytes += length;
        }

        @Override
        public void closed() {
            closed = true;
        }
    }

    @Test
    void aStreamPausedAtAttachHoldsTheChildUntilResumedAndLosesNothing() throws Exception {
        PausedFromTheStart sink = new PausedFromTheStart();
        LaunchedProcess p = children.launch(Specs.sh("head -c 1048576 /dev/zero")
                .stdout(new OutputTarget.Capture(sink)).build());
        // The child fills the pipe and blocks: a wait on the kernel's word for it, not a sleep.
        await().atMost(WAIT).until(() -> wchan(p.pid()).contains("pipe_write") || childBlocked(p.pid()));
        assertEquals(0, sink.bytes, "nothing is read while paused");
        assertTrue(p.isAlive());

        sink.flow.resume();
        assertEquals(new ExitStatus.Exited(0), p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        await().atMost(WAIT).until(() -> sink.closed);
        assertEquals(1_048_576, sink.bytes);
    }

    /** The writer may be head, a child of the trampoline-exec'ed shell: look one level down too. */
    private static boolean childBlocked(long pid) {
        return Children.PROC.children(pid).stream().anyMatch(c -> wchan(c).contains("pipe_write"));
    }

    private static String wchan(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/wchan"));
        } catch (IOException e) {
            return "";
        }
    }
}

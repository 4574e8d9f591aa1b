package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loop on its own: registration from another thread while it waits, dispatch, close. */
class EventLoopTest {

    @Test
    void dispatchesReadinessOfAnFdRegisteredWhileItWaitsAndStopsOnClose() throws Exception {
        EventLoop loop = new EventLoop(Arch.current().orElseThrow());
        AtomicInteger calls = new AtomicInteger();
        try (Memory fds = new Memory(8); Memory one = new Memory(1)) {
            assertEquals(0, Libc.pipe2(fds, Sys.O_CLOEXEC | Sys.O_NONBLOCK));
            int readFd = fds.getInt(0);
            int writeFd = fds.getInt(4);
            long token = loop.newToken();
            loop.register(readFd, token, events -> {
                assertTrue(loop.inLoop());
                try (Memory b = new Memory(16)) {
                    Libc.read(readFd, b, 16); // consume, or level-triggered epoll reports it again
                }
                calls.incrementAndGet();
            });
            one.setByte(0, (byte) 'x');
            Libc.write(writeFd, one, 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
            Libc.write(writeFd, one, 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);

            loop.unregister(readFd, token);
            assertEquals(0, loop.registrations());
            Libc.write(writeFd, one, 1); // no longer watched
            loop.close();
            assertFalse(loop.thread().isAlive(), "close() stops the thread");
            assertEquals(2, calls.get());
            Libc.close(readFd);
            Libc.close(writeFd);
        } finally {
            loop.close();
        }
    }

    @Test
    void theSharedLoopIsOneDaemonThreadNamedForTheAdapter() throws Exception {
        EventLoop shared = EventLoop.shared(Arch.current().orElseThrow());
        assertTrue(shared == EventLoop.shared(Arch.current().orElseThrow()));
        assertEquals(EventLoop.THREAD_NAME, shared.thread().getName());
        assertTrue(shared.thread().isDaemon());
        assertTrue(shared.thread().isAlive());
    }
}

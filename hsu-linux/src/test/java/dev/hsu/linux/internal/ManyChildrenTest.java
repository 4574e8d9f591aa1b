package dev.hsu.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many concurrent launches: every exit is seen and every child reaped, by one event thread. */
class ManyChildrenTest {

    private final Children children = new Children();

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    @Test
    void twoHundredConcurrentLaunchesAreAllSeenExitingAndReaped() throws Exception {
        List<Future<LaunchedProcess>> futures = new ArrayList<>();
        List<CollectingSink> sinks = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int code = i % 50;
                CollectingSink sink = new CollectingSink();
                sinks.add(sink);
                futures.add(pool.submit(() -> children.launch(Specs.sh("echo $1; exit $1", Integer.toString(code))
                        .stdout(new OutputTarget.Capture(sink)).build())));
            }
        }
        long me = ProcessHandle.current().pid();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> sinks.stream().allMatch(CollectingSink::isClosed));
        for (int i = 0; i < 200; i++) {
            LaunchedProcess p = futures.get(i).get();
            assertEquals(new ExitStatus.Exited(i % 50), p.onExit().get(20, TimeUnit.SECONDS));
            assertEquals((i % 50) + "\n", sinks.get(i).text());
            // Reaped: no zombie of ours is left under this pid (the pid may already be someone else's).
            ProcStat stat = Children.PROC.stat(p.pid()).orElse(null);
            assertTrue(stat == null || !(stat.isDead() && stat.ppid() == me), "zombie left: " + stat);
        }
        long eventThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(EventLoop.THREAD_NAME)).count();
        assertEquals(1, eventThreads, "one event thread serves every child");
    }
}

package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ResourceUsage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meter on a real process tree. */
class ProcFsMeterLiveTest {

    private final Children children = new Children();

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    @Test
    void countsTheMainProcessAndItsDescendants() throws Exception {
        LaunchedProcess p = children.launch(Specs.sh("sleep 1000 & sleep 1000 & wait").build());
        var meter = Children.PORTS.meter();
        await().atMost(Duration.ofSeconds(10)).until(() -> meter.sample(p).processes() == 3);
        ResourceUsage u = meter.sample(p);
        assertEquals(3, u.threads());
        assertTrue(u.openFiles() >= 9, "at least stdin/out/err of each: " + u);
        assertTrue(u.memoryBytes() > 0 && u.memoryPeakBytes() > 0, u.toString());
        assertTrue(u.cpuTimeNanos() >= 0 && u.ioReadBytes() >= 0 && u.ioWriteBytes() >= 0, u.toString());

        children.signaller().killTree(p);
        p.onExit().get(10, TimeUnit.SECONDS);
        assertEquals(ResourceUsage.NONE, meter.sample(p));
    }
}

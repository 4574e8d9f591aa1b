package dev.hsu.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Slf4jLoggerFinderTest {

    @Test
    void systemLoggersWriteThroughSlf4jInTheApplicationsFormat() {
        System.Logger log = System.getLogger("dev.hsu.core.UnitActor");
        assertEquals(Slf4jSystemLogger.class, log.getClass(), "the service registration is not picked up");
        PrintStream old = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            log.log(System.Logger.Level.WARNING, "unit ''{0}'': cleaning up after pid {1} failed", "web", "42");
            log.log(System.Logger.Level.DEBUG, "not shown at the default INFO level");
            log.log(System.Logger.Level.ERROR, "forced kill failed", new IllegalStateException("ESRCH"));
        } finally {
            System.setErr(old);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN UnitActor - unit 'web': cleaning up after pid 42 "
                + "failed\n.*"), out);
        assertTrue(out.contains(" ERROR UnitActor - forced kill failed\njava.lang.IllegalStateException: ESRCH"), out);
        assertFalse(out.contains("not shown"), out);
        assertFalse(log.isLoggable(System.Logger.Level.DEBUG));
    }

    @Test
    void theJdksOwnLoggersAnswerDebugWithoutStartingSlf4j() {
        System.Logger runtime = System.getLogger("java.lang.Runtime");
        assertFalse(runtime.isLoggable(System.Logger.Level.DEBUG));
        assertTrue(runtime.isLoggable(System.Logger.Level.WARNING));
    }
}

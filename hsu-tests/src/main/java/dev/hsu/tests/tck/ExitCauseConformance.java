package dev.hsu.tests.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.Signal;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * How an end is reported: every exit code as itself, a kill by the adapter as
 * {@code Killed(KILL)}, a crash as a failure, and no limit blamed for any of them.
 */
public abstract class ExitCauseConformance extends ConformanceBase {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 42, 126, 127, 128, 255})
    void anExitCodeIsReportedAsItself(int code) throws Exception {
        LaunchedProcess p = children.start(commands.exit(code));
        ExitStatus status = exitOf(p);
        assertEquals(new ExitStatus.Exited(code), status);
        assertEquals(code == 0, status.success());
        assertEquals(Optional.empty(), provider.limiter().explainExit(p.confinement(), status));
    }

    @Test
    void aKillByTheAdapterIsReportedAsKill() throws Exception {
        LaunchedProcess p = children.start(commands.sleeper());
        provider.signaller().killTree(p);
        ExitStatus status = exitOf(p);
        assertTrue(status instanceof ExitStatus.Killed k && k.signal() == Signal.KILL, "status " + status);
        assertFalse(status.success());
        assertEquals(Optional.empty(), provider.limiter().explainExit(p.confinement(), status));
    }

    @Test
    void aCrashIsAFailureAndNoLimit() throws Exception {
        Optional<TckCommand> crash = commands.crash();
        assumeTrue(crash.isPresent(), "this OS's commands cannot crash on purpose");
        LaunchedProcess p = children.start(crash.get());
        ExitStatus status = exitOf(p);
        assertFalse(status.success(), "status " + status);
        assertEquals(Optional.empty(), provider.limiter().explainExit(p.confinement(), status));
    }
}

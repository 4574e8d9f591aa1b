package dev.hsu.tests.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.Signal;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signals to one process: each signal the adapter claims reaches the program, a signal it does not
 * claim is refused with {@link UnsupportedCapabilityException}, and an ended process is not an
 * error.
 */
public abstract class SignalConformance extends ConformanceBase {

    @ParameterizedTest
    @EnumSource(Signal.class)
    void aClaimedSignalReachesTheProgram(Signal signal) throws Exception {
        assumeTrue(capabilities.signals().contains(signal), () -> "the adapter does not claim " + signal.signalName());
        assumeTrue(signal != Signal.KILL && signal != Signal.STOP, "cannot be caught; see the exit cause and stop tests");
        Optional<TckCommand> trap = commands.trap(signal, 42);
        if (trap.isEmpty()) {
            fail("the adapter claims " + signal.signalName() + " but this OS's commands cannot observe it");
        }
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(trap.get()).capture(out).launch();
        await().until(() -> out.text().contains("ready\n"));
        provider.signaller().signal(p, signal);
        assertEquals(new ExitStatus.Exited(42), exitOf(p));
        await().until(() -> out.text().contains("got-" + signal.name() + "\n"));
    }

    @ParameterizedTest
    @EnumSource(Signal.class)
    void anUnclaimedSignalIsRefusedNamingIt(Signal signal) throws Exception {
        assumeTrue(!capabilities.signals().contains(signal), () -> "the adapter claims " + signal.signalName());
        LaunchedProcess p = children.start(commands.sleeper());
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> provider.signaller().signal(p, signal));
        assertTrue(e.getMessage().contains(signal.signalName()) || e.getMessage().contains(signal.name()),
                e.getMessage());
        assertThrows(UnsupportedCapabilityException.class, () -> provider.signaller().signalTree(p, signal));
        assertTrue(p.isAlive(), "a refused signal changes nothing");
    }

    @Test
    void killEndsTheProcessAndIsReportedAsSuch() throws Exception {
        LaunchedProcess p = children.start(commands.sleeper());
        provider.signaller().signal(p, Signal.KILL);
        ExitStatus status = exitOf(p);
        assertTrue(status instanceof ExitStatus.Killed k && k.signal() == Signal.KILL, "status " + status);
    }

    @Test
    void stopThenContinueHoldsTheProgramAndLetsItGoOn() throws Exception {
        assumeTrue(capabilities.signals().containsAll(EnumSet.of(Signal.STOP, Signal.CONT, Signal.TERM)),
                "the adapter does not claim STOP, CONT and TERM");
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.trap(Signal.TERM, 5).orElseThrow()).capture(out).launch();
        await().until(() -> out.text().contains("ready\n"));
        ProcessHandle handle = ProcessHandle.of(p.pid()).orElseThrow();
        assumeTrue(commands.isStopped(handle).isPresent(), "this OS's commands cannot tell a stopped process");
        provider.signaller().signal(p, Signal.STOP);
        await().until(() -> commands.isStopped(handle).orElse(false));
        provider.signaller().signal(p, Signal.CONT);
        await().until(() -> !commands.isStopped(handle).orElse(true));
        provider.signaller().signal(p, Signal.TERM);
        assertEquals(new ExitStatus.Exited(5), exitOf(p));
    }

    @Test
    void signallingAnEndedProcessIsANoOp() throws Exception {
        LaunchedProcess p = children.start(commands.exit(0));
        exitOf(p);
        for (Signal s : capabilities.signals()) {
            assertDoesNotThrow(() -> provider.signaller().signal(p, s), s.signalName());
            assertDoesNotThrow(() -> provider.signaller().signalTree(p, s), s.signalName());
        }
        assertEquals(0, provider.signaller().killTree(p));
    }
}

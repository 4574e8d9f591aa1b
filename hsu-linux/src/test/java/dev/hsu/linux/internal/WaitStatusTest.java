package dev.hsu.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.Signal;
import org.junit.jupiter.api.Test;

class WaitStatusTest {

    @Test
    void decodesExitCodes() {
        assertEquals(new ExitStatus.Exited(0), WaitStatus.decode(0));
        assertEquals(new ExitStatus.Exited(42), WaitStatus.decode(42 << 8));
        assertEquals(new ExitStatus.Exited(255), WaitStatus.decode(255 << 8));
    }

    @Test
    void decodesSignalsWithAndWithoutCoreDump() {
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), WaitStatus.decode(9));
        assertEquals(new ExitStatus.Killed(11, null, true), WaitStatus.decode(11 | 0x80));
        assertEquals(new ExitStatus.Killed(28, Signal.WINCH, false), WaitStatus.decode(28));
    }

    @Test
    void refusesStopReports() {
        assertThrows(IllegalArgumentException.class, () -> WaitStatus.decode((19 << 8) | 0x7f));
    }

    @Test
    void everyPortableSignalMapsBothWays() {
        for (Signal s : Signal.values()) {
            assertEquals(s, LinuxSignals.fromNumber(LinuxSignals.number(s)));
        }
        assertEquals(15, LinuxSignals.number(Signal.TERM));
        assertEquals(10, LinuxSignals.number(Signal.USR1));
        assertEquals(18, LinuxSignals.number(Signal.CONT));
    }
}

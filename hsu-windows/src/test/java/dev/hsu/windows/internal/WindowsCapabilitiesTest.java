package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.Signal;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class WindowsCapabilitiesTest {

    @Test
    void withIoRateControlEveryJobLimitIsClaimed() {
        PlatformCapabilities caps = WindowsCapabilities.of(true, 8);
        assertEquals(EnumSet.of(LimitKind.CPU, LimitKind.CPU_SHARES, LimitKind.MEMORY, LimitKind.MAX_PROCESSES,
                LimitKind.IO_READ_BPS, LimitKind.IO_WRITE_BPS), caps.enforceableLimits());
        assertEquals(EnumSet.of(Signal.TERM, Signal.KILL), caps.signals());
        assertTrue(caps.treeKill());
        assertTrue(caps.notes().stream().anyMatch(n -> n.contains("all 8 logical processors")));
    }

    @Test
    void withoutIoRateControlBandwidthIsNotClaimedAndTheNotesSayWhy() {
        PlatformCapabilities caps = WindowsCapabilities.of(false, 2);
        assertFalse(caps.enforceableLimits().contains(LimitKind.IO_READ_BPS));
        assertFalse(caps.enforceableLimits().contains(LimitKind.IO_WRITE_BPS));
        assertTrue(caps.notes().stream().anyMatch(n -> n.startsWith("io_read_bps, io_write_bps: this Windows has no")));
    }

    @Test
    void everyLimitNotClaimedIsExplainedInTheNotes() {
        PlatformCapabilities caps = WindowsCapabilities.of(false, 2);
        for (LimitKind kind : LimitKind.values()) {
            assertTrue(caps.notes().stream().anyMatch(n -> n.contains(kind.configKey())), kind.configKey());
        }
        assertTrue(caps.notes().stream().anyMatch(n -> n.contains("INT cannot be sent")));
    }

    @Test
    void anUnavailableAdapterClaimsNothing() {
        assertTrue(WindowsCapabilities.UNAVAILABLE.enforceableLimits().isEmpty());
        assertTrue(WindowsCapabilities.UNAVAILABLE.signals().isEmpty());
        assertFalse(WindowsCapabilities.UNAVAILABLE.treeKill());
    }
}

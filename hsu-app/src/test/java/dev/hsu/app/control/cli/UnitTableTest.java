package dev.hsu.app.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hsu.app.control.UnitView;
import dev.hsu.app.control.UsageView;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitTableTest {

    @Test
    void alignsColumnsAndShowsDashesForWhatIsMissing() {
        String table = UnitTable.render(List.of(
                new UnitView("web", "RUNNING", 4242, "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 3_723_000, 2,
                        "exit code 1", null, null).withUsage(new UsageView(12.34, 3.5, 13_000_000L, null, 1L, 4L, 9L,
                        null, null)),
                new UnitView("batch-importer", "STOPPED", -1, "2025-01-01T00:00:00Z", null, 0, 0, null, null, null)));
        assertEquals("""
                UNIT            STATE    HEALTH  PID   UPTIME  RESTARTS  CPU    MEMORY  LAST EXIT
                web             RUNNING  -       4242  1h02m   2         12.3%  12M     exit code 1
                batch-importer  STOPPED  -       -     -       0         -      -       -
                """, table);
    }

    @Test
    void sizesAndCpuAreShort() {
        assertEquals("512B", UnitTable.size(512));
        assertEquals("1.0K", UnitTable.size(1024));
        assertEquals("9.5M", UnitTable.size(9_961_472));
        assertEquals("12M", UnitTable.size(12_582_912));
        assertEquals("1.5G", UnitTable.size(1_610_612_736L));
        UnitView busy = new UnitView("w", "RUNNING", 1, "2025-01-01T00:00:00Z", null, 0, 0, null, null, null)
                .withUsage(new UsageView(187.6, null, null, null, null, null, null, null, null));
        assertEquals("188%", UnitTable.cpu(busy));
        assertEquals("-", UnitTable.memory(busy));
    }

    @Test
    void uptimeIsShortAndCoarse() {
        assertEquals("0s", UnitTable.uptime(999));
        assertEquals("59s", UnitTable.uptime(59_999));
        assertEquals("1m00s", UnitTable.uptime(60_000));
        assertEquals("59m59s", UnitTable.uptime(3_599_999));
        assertEquals("1h00m", UnitTable.uptime(3_600_000));
        assertEquals("1d00h", UnitTable.uptime(86_400_000));
        assertEquals("3d04h", UnitTable.uptime(3 * 86_400_000L + 4 * 3_600_000L + 59_000));
    }
}

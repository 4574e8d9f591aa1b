package dev.hsu.app.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hsu.app.control.UnitView;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitTableTest {

    @Test
    void alignsColumnsAndShowsDashesForWhatIsMissing() {
        String table = UnitTable.render(List.of(
                new UnitView("web", "RUNNING", 4242, "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 3_723_000, 2,
                        "exit code 1", null, null),
                new UnitView("batch-importer", "STOPPED", -1, "2025-01-01T00:00:00Z", null, 0, 0, null, null, null)));
        assertEquals("""
                UNIT            STATE    HEALTH  PID   UPTIME  RESTARTS  LAST EXIT
                web             RUNNING  -       4242  1h02m   2         exit code 1
                batch-importer  STOPPED  -       -     -       0         -
                """, table);
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

package dev.hsu.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CronExpressionTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void fiveFieldsInAZone() {
        CronExpression c = CronExpression.parse("0 2 * * *", BERLIN);
        // 2024-07-01 is summer time in Berlin: 02:00 local is 00:00 UTC.
        assertEquals(Instant.parse("2024-07-02T00:00:00Z"), c.next(Instant.parse("2024-07-01T00:00:00Z")).orElseThrow());
        assertEquals(Instant.parse("2024-01-01T01:00:00Z"), c.next(Instant.parse("2023-12-31T12:00:00Z")).orElseThrow());
    }

    @Test
    void sixFieldsHaveSecondsFirstAndFireOnWholeSeconds() {
        CronExpression c = CronExpression.parse("*/10 * * * * *", ZoneId.of("UTC"));
        assertEquals(Instant.parse("2024-01-01T00:00:10Z"), c.next(Instant.parse("2024-01-01T00:00:00.250Z")).orElseThrow());
        assertEquals(List.of(Instant.parse("2024-01-01T00:00:10Z"), Instant.parse("2024-01-01T00:00:20Z")),
                c.between(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:25Z"), 10));
    }

    @Test
    void sundayIsZeroOrSevenAndNamesWork() {
        Instant saturday = Instant.parse("2024-06-01T12:00:00Z");
        Instant sundayNoon = Instant.parse("2024-06-02T12:00:00Z");
        for (String dow : List.of("0", "7", "SUN")) {
            assertEquals(sundayNoon, CronExpression.parse("0 12 * * " + dow, ZoneId.of("UTC")).next(saturday)
                    .orElseThrow(), dow);
        }
    }

    @Test
    void invalidExpressionsSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CronExpression.parse("61 * * * *", ZoneId.of("UTC")));
        assertTrue(e.getMessage().startsWith("'61 * * * *' is not a valid cron expression: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * *", ZoneId.of("UTC")));
        assertTrue(e.getMessage().startsWith("'* * *' has 3 fields; give 5"), e.getMessage());
    }

    @Test
    void stateSurvivesAStoreRoundTrip(@TempDir Path dir) {
        ScheduleStore store = new ScheduleStore(dir);
        assertEquals(ScheduleState.NONE, store.load("job"));
        ScheduleState s = new ScheduleState(Instant.parse("2024-01-01T02:00:00Z"), Instant.parse("2024-01-01T02:00:01Z"),
                Duration.ofMillis(1234), "exit code 0");
        store.save("job", s);
        assertEquals(s, new ScheduleStore(dir).load("job"));
        assertEquals(ScheduleState.NONE, new ScheduleStore(null).load("job"));
    }
}

package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "0, 0",
        "30, 30000",
        "0.5, 500",
        "500ms, 500",
        "500MS, 500",
        "30s, 30000",
        "1.5s, 1500",
        "5m, 300000",
        "1h, 3600000",
        "2d, 172800000",
        "1m30s, 90000",
        "1m 30s, 90000",
        "1h30m, 5400000",
        "1h0m0s250ms, 3600250",
        "0s, 0",
    })
    void parses(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
        "soon   | is not a duration; use a number of seconds",
        "''     | is not a duration",
        "5 mins | is not a duration",
        "5x     | is not a duration",
        "1m30   | is not a duration",
        "s      | is not a duration",
        "-5s    | must not be negative (got -5s)",
        "-1     | must not be negative (got -1)",
        "999999999999999999999d | too long",
    })
    void rejects(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0} ms prints as {1}")
    @CsvSource({"0, 0s", "500, 500ms", "30000, 30s", "90000, 1m30s", "1500, 1.5s", "3600000, 1h", "5400250, 1h30m0.25s"})
    void formats(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
    }
}

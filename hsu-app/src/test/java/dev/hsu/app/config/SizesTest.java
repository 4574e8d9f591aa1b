package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "0, 0",
        "1048576, 1048576",
        "100B, 100",
        "100 b, 100",
        "64k, 65536",
        "64K, 65536",
        "64Ki, 65536",
        "64KiB, 65536",
        "64kib, 65536",
        "512MiB, 536870912",
        "512m, 536870912",
        "512 MiB, 536870912",
        "2GiB, 2147483648",
        "2g, 2147483648",
        "1.5GiB, 1610612736",
        "0.5k, 512",
        "1TiB, 1099511627776",
        "1t, 1099511627776",
        "1KB, 1000",
        "1kb, 1000",
        "10MB, 10000000",
        "1GB, 1000000000",
        "1.3KB, 1300",
        "2TB, 2000000000000",
    })
    void parses(String text, long bytes) {
        assertEquals(bytes, Sizes.parse(text));
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
        "12 parsecs | is not a size; use a byte count",
        "MiB        | is not a size",
        "''         | is not a size",
        "1.5.3k     | is not a size",
        "0x10       | is not a size",
        "-5MiB      | must not be negative (got -5MiB)",
        "1.5        | is not a whole number of bytes",
        "1.0001k    | is not a whole number of bytes",
        "9999999TiB | is too large",
    })
    void rejects(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0} bytes prints as {1}")
    @CsvSource({"100, 100 bytes", "1024, 1KiB", "536870912, 512MiB", "1610612736, 1.5GiB"})
    void formats(long bytes, String text) {
        assertEquals(text, Sizes.format(bytes));
    }
}

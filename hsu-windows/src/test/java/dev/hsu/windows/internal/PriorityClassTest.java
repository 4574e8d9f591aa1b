package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriorityClassTest {

    @ParameterizedTest
    @CsvSource({"-20, 128", "-15, 128", "-14, 32768", "-5, 32768", "-4, 32", "0, 32", "4, 32", "5, 16384",
            "14, 16384", "15, 64", "19, 64"})
    void mapsNicenessOntoThePriorityClasses(int niceness, int flag) {
        assertEquals(flag, PriorityClass.forNiceness(niceness));
    }

    @ParameterizedTest
    @ValueSource(ints = {-21, 20, 100})
    void refusesNicenessOutOfRange(int niceness) {
        assertThrows(IllegalArgumentException.class, () -> PriorityClass.forNiceness(niceness));
    }
}

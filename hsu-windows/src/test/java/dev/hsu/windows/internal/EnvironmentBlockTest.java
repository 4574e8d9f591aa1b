package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentBlockTest {

    @Test
    void entriesAreSortedByNameWithoutRegardToCaseAndEndWithTwoNuls() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("zeta", "last");
        env.put("Path", "C:\\Windows");
        env.put("ALPHA", "a b");
        env.put("_under", "");
        assertEquals("ALPHA=a b\0Path=C:\\Windows\0zeta=last\0_under=\0\0", EnvironmentBlock.text(env));
    }

    @Test
    void anEmptyEnvironmentIsTwoNuls() {
        assertEquals("\0\0", EnvironmentBlock.text(Map.of()));
    }

    @Test
    void theBlockIsUtf16LittleEndian() {
        try (Memory m = EnvironmentBlock.encode(Map.of("Ü", "日本"))) {
            byte[] expected = "Ü=日本\0\0".getBytes(StandardCharsets.UTF_16LE);
            assertEquals(expected.length, m.size());
            assertArrayEquals(expected, m.getByteArray(0, expected.length));
        }
    }

    @Test
    void hiddenDriveDirectoriesKeepTheirLeadingEquals() {
        assertEquals("=C:=C:\\work\0X=1\0\0", EnvironmentBlock.text(Map.of("=C:", "C:\\work", "X", "1")));
    }

    @Test
    void namesDifferingOnlyInCaseAreRefused() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Path", "a");
        env.put("PATH", "b");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvironmentBlock.text(env));
        assertTrue(e.getMessage().contains("PATH and Path differ only in case"), e.getMessage());
    }

    @Test
    void namesAndValuesThatCannotBePassedAreRefused() {
        for (String bad : new String[] {"", "=", "A=B", "A\0B"}) {
            assertThrows(IllegalArgumentException.class, () -> EnvironmentBlock.text(Map.of(bad, "x")), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvironmentBlock.text(Map.of("A", "x\0y")));
        assertTrue(e.getMessage().contains("value of environment variable A"), e.getMessage());
    }

    @Test
    void lookupIgnoresCase() {
        assertEquals("C:\\bin", EnvironmentBlock.get(Map.of("Path", "C:\\bin"), "PATH"));
        assertNull(EnvironmentBlock.get(Map.of("Path", "C:\\bin"), "PATHEXT"));
    }
}

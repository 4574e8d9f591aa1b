package dev.hsu.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.app.config.ConfigException;
import dev.hsu.app.platform.PlatformSelectionException;
import dev.hsu.spi.LimitKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {
    @TempDir
    Path dir;

    private final PlatformSource platform = () -> new CapsProvider(EnumSet.allOf(LimitKind.class));

    @Test
    void theFileReadAheadIsUsedWhenTheCommandLineNamesIt() throws Exception {
        Path file = Files.writeString(dir.resolve("a.yaml"), "units: {a: {executable: ./a}}\n");
        ConfigSource source = ConfigSource.prefetch(file, platform);
        assertEquals("a", source.load(file, platform).units().get(0).name());
        // Later changes to the file are not seen: that load was the read-ahead's result.
        Files.writeString(file, "units: {z: {executable: ./z}}\n");
        assertEquals("a", source.load(file, platform).units().get(0).name());
    }

    @Test
    void anotherFileIsReadWhenTheGuessWasWrong() throws Exception {
        Path guessed = Files.writeString(dir.resolve("guess.yaml"), "units: {a: {executable: ./a}}\n");
        Path named = Files.writeString(dir.resolve("named.yaml"), "units: {b: {executable: ./b}}\n");
        ConfigSource source = ConfigSource.prefetch(guessed, platform);
        assertEquals("b", source.load(named, platform).units().get(0).name());
    }

    @Test
    void problemsAndAMissingPlatformComeOutOfTheReadAheadAsTheyWouldDirectly() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "units: {a: {executable: ./a, priority: 99}}\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigSource.prefetch(bad, platform).load(bad, platform));
        assertTrue(e.getMessage().contains("priority: must be between -20 and 19 (got 99)"), e.getMessage());

        Path good = Files.writeString(dir.resolve("good.yaml"), "units: {a: {executable: ./a}}\n");
        PlatformSource none = () -> {
            throw new PlatformSelectionException("No platform adapter can run on this host.");
        };
        NoPlatformException n = assertThrows(NoPlatformException.class,
                () -> ConfigSource.prefetch(good, none).load(good, none));
        assertEquals("No platform adapter can run on this host.", n.getMessage());
    }
}

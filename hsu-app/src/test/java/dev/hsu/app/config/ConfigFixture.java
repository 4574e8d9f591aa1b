package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Writes YAML into a file named {@code hsu.yaml} and loads it, against chosen capabilities. */
final class ConfigFixture {
    /** A platform that enforces every limit and delivers every signal. */
    static final PlatformCapabilities EVERYTHING = new PlatformCapabilities(
            EnumSet.allOf(LimitKind.class), EnumSet.allOf(Signal.class), true, List.of());

    private final Path dir;

    ConfigFixture(Path dir) {
        this.dir = dir;
    }

    Path file() {
        return dir.resolve("hsu.yaml");
    }

    Path write(String yaml) throws IOException {
        return Files.writeString(file(), yaml);
    }

    LoadedConfig load(String yaml) throws IOException, ConfigException {
        return load(yaml, EVERYTHING);
    }

    LoadedConfig load(String yaml, PlatformCapabilities caps) throws IOException, ConfigException {
        return new ConfigLoader(caps).load(write(yaml));
    }

    /** The problems of a file that must be rejected, formatted, with the directory cut off the file name. */
    List<String> errors(String yaml) throws IOException {
        return errors(yaml, EVERYTHING);
    }

    List<String> errors(String yaml, PlatformCapabilities caps) throws IOException {
        Path f = write(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(caps).load(f));
        return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
    }

    static PlatformCapabilities enforcing(Set<LimitKind> limits, String... notes) {
        return new PlatformCapabilities(limits, EnumSet.allOf(Signal.class), true, List.of(notes));
    }
}

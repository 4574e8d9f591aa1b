package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.RestartPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML conveniences: anchors, aliases, merge keys, scalars kept as written, shorthand forms. */
class YamlFeaturesTest {
    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    @Test
    void mergeKeysShareDefaultsAndExplicitKeysWin() throws Exception {
        LoadedConfig c = fx.load("""
                units:
                  a: &base
                    executable: ./run
                    restart: {policy: always, retry_delay: 2s}
                    environment: &env {LANG: C.UTF-8}
                  b:
                    <<: *base
                    executable: ./other
                    environment: *env
                """);
        ManagedUnit b = c.units().get(1);
        assertEquals("./other", b.executable());
        assertEquals(RestartPolicy.ALWAYS, b.restart().policy());
        assertEquals(Duration.ofSeconds(2), b.restart().retryDelay());
        assertEquals(Map.of("LANG", "C.UTF-8"), b.environment());
    }

    @Test
    void unknownAliasIsASyntaxError() throws Exception {
        List<String> errors = fx.errors("""
                units:
                  a:
                    executable: *nothing
                """);
        assertEquals(List.of("hsu.yaml:3:17: YAML alias '*nothing' refers to no anchor defined before it "
                + "(define it with '&nothing' first)"), errors);
    }

    @Test
    void scalarsInArgsAndEnvironmentAreKeptAsWritten() throws Exception {
        LoadedConfig c = fx.load("""
                units:
                  a:
                    executable: ./run
                    args: [--port, 8080, 0x1F, 1.50, yes, "", 08]
                    environment: {PORT: 8080, DEBUG: true, RATIO: 0.50}
                """);
        ManagedUnit a = c.units().get(0);
        assertEquals(List.of("--port", "8080", "0x1F", "1.50", "yes", "", "08"), a.args());
        assertEquals(List.of("PORT", "DEBUG", "RATIO"), List.copyOf(a.environment().keySet()));
        assertEquals("0.50", a.environment().get("RATIO"));
    }

    @Test
    void shorthandFormsOfRestartScheduleAndDependencies() throws Exception {
        LoadedConfig c = fx.load("""
                units:
                  db:
                    executable: ./db
                    restart: no
                  job:
                    executable: ./job
                    restart: unless-stopped
                    schedule: "*/5 * * * *"
                    depends_on:
                      db: healthy
                """);
        assertEquals(RestartPolicy.NEVER, c.units().get(0).restart().policy());
        ManagedUnit job = c.units().get(1);
        assertEquals(RestartPolicy.UNLESS_STOPPED, job.restart().policy());
        assertEquals("*/5 * * * *", job.schedule().cron());
        assertEquals("db", job.dependsOn().get(0).unit());
        assertEquals("HEALTHY", job.dependsOn().get(0).condition().name());
    }

    @Test
    void emptyValueMeansDefault() throws Exception {
        LoadedConfig c = fx.load("""
                units:
                  a:
                    executable: ./run
                    description:
                    args:
                    restart:
                """);
        ManagedUnit a = c.units().get(0);
        assertEquals(ManagedUnit.builder("a").executable("./run").workingDirectory(null).build(), a);
    }

    @Test
    void secondDocumentIsRejected() throws Exception {
        List<String> errors = fx.errors("units: {}\n---\nunits: {}\n");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("hsu.yaml:3:1: a second YAML document starts here"), errors.get(0));
    }

    @Test
    void unitsMayBeEmptyButNotMissing() throws Exception {
        assertEquals(0, fx.load("units: {}\n").units().size());
        assertEquals(List.of("hsu.yaml:1:1: units: is missing: nothing to supervise; add units: "
                + "{web: {executable: ./server}}"), fx.errors("master: {strict_limits: true}\n"));
    }
}

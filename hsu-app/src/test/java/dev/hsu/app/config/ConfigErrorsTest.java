package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per class of configuration error: each asserts the whole reported line, i.e. file,
 * line, column, unit, field and the fix offered.
 */
class ConfigErrorsTest {
    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    @Test
    void unknownKeyIsReportedWithTheClosestValidKey() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    restart:
                      max_retrys: 3
                """);
        assertEquals(List.of("hsu.yaml:5:7: unit 'web': restart.max_retrys: unknown key; did you mean 'max_retries'?"),
                errors);
    }

    @Test
    void unknownKeyInCamelCaseSuggestsTheSnakeCaseKey() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    workingDirectory: /srv
                """);
        assertEquals(List.of("hsu.yaml:4:5: unit 'web': workingDirectory: unknown key; did you mean 'working_directory'?"),
                errors);
    }

    @Test
    void unknownKeyFarFromAnyListsTheValidKeys() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    log:
                      colour: blue
                """);
        assertEquals(List.of("hsu.yaml:5:7: unit 'web': log.colour: unknown key; valid keys here: directory, "
                + "timestamps, max_size, max_files, compress, max_age"), errors);
    }

    @Test
    void wrongTypeNamesTheExpectedAndTheActualType() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    args: --port 8080
                    auto_start: "yes please"
                """);
        assertEquals(List.of(
                "hsu.yaml:4:11: unit 'web': args: must be a list of strings, e.g. [\"--port\", \"8080\"], "
                        + "got the string \"--port 8080\"",
                "hsu.yaml:5:17: unit 'web': auto_start: must be true or false, got the string \"yes please\""),
                errors);
    }

    @Test
    void quotedNumberIsAWrongTypeWithAHint() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    priority: "5"
                """);
        assertEquals(List.of("hsu.yaml:4:15: unit 'web': priority: must be a whole number, got the string \"5\" "
                + "(remove the quotes)"), errors);
    }

    @Test
    void negativeValueGivesTheBoundAndTheValue() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    restart:
                      max_retries: -3
                """);
        assertEquals(List.of("hsu.yaml:5:20: unit 'web': restart.max_retries: must be >= -1 (got -3)"), errors);
    }

    @Test
    void aRestartWindowNeedsBothItsSpanAndItsCount() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    restart:
                      window: 10m
                  api:
                    executable: ./server
                    restart:
                      window_restarts: 5
                  job:
                    executable: ./server
                    restart:
                      window: 0s
                      window_restarts: 0
                  storm:
                    executable: ./server
                    restart: {window: 1h, window_restarts: 5000}
                """);
        assertEquals(List.of(
                "hsu.yaml:5:15: unit 'web': restart.window: needs restart.window_restarts too: the restarts allowed "
                        + "within 10m before the unit is FAILED, e.g. window_restarts: 5",
                "hsu.yaml:9:24: unit 'api': restart.window_restarts: needs restart.window too: the span the 5 restarts "
                        + "are counted in, e.g. window: 10m",
                "hsu.yaml:13:15: unit 'job': restart.window: must be greater than zero (got 0s)",
                "hsu.yaml:14:24: unit 'job': restart.window_restarts: must be between 1 and 1000 (got 0)",
                "hsu.yaml:17:44: unit 'storm': restart.window_restarts: must be between 1 and 1000 (got 5000)"), errors);
    }

    @Test
    void outOfRangeValueGivesTheRange() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    priority: 25
                    resources:
                      cpu_shares: 20000
                      cpu: 0
                    health_check:
                      type: tcp
                      port: 70000
                """);
        assertEquals(List.of(
                "hsu.yaml:4:15: unit 'web': priority: must be between -20 and 19 (got 25)",
                "hsu.yaml:6:19: unit 'web': resources.cpu_shares: must be between 1 and 10000 (got 20000)",
                "hsu.yaml:7:12: unit 'web': resources.cpu: must be > 0 and <= 4096 (got 0)",
                "hsu.yaml:10:13: unit 'web': health_check.port: must be between 1 and 65535 (got 70000)"), errors);
    }

    @Test
    void aNumberBeyondTheTypeSaysWhichSideWasCrossed() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    restart:
                      max_retries: 99999999999999999999
                    resources:
                      max_processes: 3000000000
                """);
        assertEquals(List.of(
                "hsu.yaml:5:20: unit 'web': restart.max_retries: must be <= 2147483647 (got 99999999999999999999)",
                "hsu.yaml:7:22: unit 'web': resources.max_processes: must be <= 2147483647 (got 3000000000)"), errors);
    }

    @Test
    void duplicateUnitNamePointsAtBothDefinitions() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./a
                  worker:
                    executable: ./b
                  web:
                    executable: ./c
                """);
        assertEquals(List.of("hsu.yaml:6:3: unit 'web': duplicate unit name: a unit 'web' is already defined at "
                + "line 2; unit names must be unique, rename one"), errors);
    }

    @Test
    void duplicateKeyInsideAUnitIsAnError() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./a
                    priority: 1
                    priority: 2
                """);
        assertEquals(List.of("hsu.yaml:5:5: unit 'web': priority: duplicate key; it is already set at line 4, "
                + "column 5 (keep one of them)"), errors);
    }

    @Test
    void emptyOrMissingExecutableIsAnError() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ""
                  worker:
                    description: no program
                """);
        assertEquals(List.of(
                "hsu.yaml:3:17: unit 'web': executable: must not be empty: set the program to run, "
                        + "e.g. executable: /usr/bin/python3",
                "hsu.yaml:4:3: unit 'worker': executable: is required: the program to run, "
                        + "e.g. executable: /usr/bin/python3"), errors);
    }

    @Test
    void badEnumValueListsTheAcceptedValues() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    restart:
                      policy: on-failur
                    stop_signal: TERMINATE
                """);
        assertEquals(List.of(
                "hsu.yaml:5:15: unit 'web': restart.policy: must be one of never, on-failure, always, unless-stopped "
                        + "(got 'on-failur'); did you mean 'on-failure'?",
                "hsu.yaml:6:18: unit 'web': stop_signal: must be a signal name, one of HUP, INT, QUIT, ABRT, KILL, "
                        + "USR1, USR2, PIPE, ALRM, TERM, CONT, STOP, TSTP, TTIN, TTOU, WINCH (with or without SIG), "
                        + "got 'TERMINATE'; did you mean 'TERM'?"), errors);
    }

    @Test
    void badSizeListsTheAcceptedForms() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    resources:
                      memory: 512 megs
                """);
        assertEquals(List.of("hsu.yaml:5:15: unit 'web': resources.memory: '512 megs' is not a size; use "
                + Sizes.ACCEPTED_FORMS), errors);
        assertTrue(Sizes.ACCEPTED_FORMS.contains("512MiB") && Sizes.ACCEPTED_FORMS.contains("1GB"));
    }

    @Test
    void sizeBelowTheMinimumIsRejected() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    resources:
                      memory: 64k
                """);
        assertEquals(List.of("hsu.yaml:5:15: unit 'web': resources.memory: must be at least 1MiB (got 64k)"), errors);
    }

    @Test
    void badDurationListsTheAcceptedForms() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    graceful_timeout: soon
                """);
        assertEquals(List.of("hsu.yaml:4:23: unit 'web': graceful_timeout: 'soon' is not a duration; use "
                + Durations.ACCEPTED_FORMS), errors);
        assertTrue(Durations.ACCEPTED_FORMS.contains("500ms") && Durations.ACCEPTED_FORMS.contains("1m30s"));
    }

    @Test
    void yamlSyntaxErrorIsReportedWithItsLine() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: [./server
                    args: x
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("hsu.yaml:4:9: YAML syntax error: expected ',' or ']', but got :"),
                errors.get(0));
        assertTrue(errors.get(0).contains("while parsing a flow sequence started at line 3, column 17"), errors.get(0));
    }

    @Test
    void tabIndentationIsASyntaxErrorWithItsLine() throws IOException {
        List<String> errors = fx.errors("units:\n  web:\n\texecutable: ./server\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("hsu.yaml:3:1: YAML syntax error:"), errors.get(0));
    }

    @Test
    void everyErrorOfTheFileIsReportedInOneRunInFileOrder() throws IOException {
        List<String> errors = fx.errors("""
                master:
                  strict_limit: true
                units:
                  web:
                    executable: ./server
                    priority: high
                  worker:
                    executable: ./worker
                    restart:
                      retry_delay: -1s
                    stdout: {append: true}
                """);
        assertEquals(List.of(
                "hsu.yaml:2:3: master.strict_limit: unknown key; did you mean 'strict_limits'?",
                "hsu.yaml:6:15: unit 'web': priority: must be a whole number, got the string \"high\"",
                "hsu.yaml:10:20: unit 'worker': restart.retry_delay: must not be negative (got -1s)",
                "hsu.yaml:11:5: unit 'worker': stdout.file: is required in the map form, "
                        + "e.g. stdout: {file: app.log, append: false}"), errors);
    }

    @Test
    void unknownDependencyIsReportedAtTheDependency() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    depends_on: [db, cache]
                  db:
                    executable: ./db
                """);
        assertEquals(List.of("hsu.yaml:4:22: unit 'web': depends_on[1]: names unit 'cache', which does not exist; "
                + "known units: web, db"), errors);
    }

    @Test
    void unknownDependencyInTheMapFormIsReportedAtItsName() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    depends_on:
                      dbb: {condition: healthy}
                  db:
                    executable: ./db
                """);
        assertEquals(List.of("hsu.yaml:5:7: unit 'web': depends_on[0]: names unit 'dbb', which does not exist; "
                + "known units: web, db"), errors);
    }

    @Test
    void dependencyCycleIsReportedWithItsPath() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  a:
                    executable: ./a
                    depends_on: [b]
                  b:
                    executable: ./b
                    depends_on:
                      c: {condition: started}
                  c:
                    executable: ./c
                    depends_on: [a]
                """);
        assertEquals(List.of("hsu.yaml:4:5: unit 'a': depends_on: dependency cycle a → b → c → a; "
                + "remove one of these dependencies"), errors);
    }

    @Test
    void unenforceableLimitIsAnErrorWhenStrict() throws IOException {
        PlatformCapabilities noIo = ConfigFixture.enforcing(EnumSet.of(LimitKind.MEMORY, LimitKind.CPU),
                "io_read_bps: no io controller in this cgroup");
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    resources:
                      memory: 256MiB
                      io_read_bps: 10MB/s
                """, noIo);
        assertEquals(List.of("hsu.yaml:6:20: unit 'web': resources.io_read_bps: this platform cannot enforce it "
                + "(no io controller in this cgroup); remove it or set master.strict_limits: false to run without it"),
                errors);
    }

    @Test
    void unenforceableLimitIsAWarningWhenLenient() throws Exception {
        PlatformCapabilities noIo = ConfigFixture.enforcing(EnumSet.of(LimitKind.MEMORY, LimitKind.CPU),
                "io_read_bps: no io controller in this cgroup");
        LoadedConfig config = fx.load("""
                master:
                  strict_limits: false
                units:
                  web:
                    executable: ./server
                    resources:
                      io_read_bps: 10MB/s
                """, noIo);
        assertEquals(1, config.units().size());
        assertEquals(List.of(fx.file() + ":7:20: warning: unit 'web': resources.io_read_bps: this platform cannot "
                + "enforce it (no io controller in this cgroup); the unit runs without it (master.strict_limits is false)"),
                config.warnings().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void invalidUnitNameFromTheValidatorIsPlacedAtTheUnit() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  "my web":
                    executable: ./server
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("hsu.yaml:2:3: unit 'my web': name: 'my web' is not a valid unit name"),
                errors.get(0));
    }

    @Test
    void fieldOfTheWrongCheckTypeIsAnError() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  web:
                    executable: ./server
                    health_check:
                      type: tcp
                      port: 8080
                      url: http://localhost:8080/
                """);
        assertEquals(List.of("hsu.yaml:7:12: unit 'web': health_check.url: applies to http checks only; "
                + "this check's type is tcp"), errors);
    }

    @Test
    void missingFileAndEmptyFileAreReported() throws IOException {
        List<String> empty = fx.errors("# nothing here\n");
        assertEquals(List.of("hsu.yaml:1:1: the file is empty; it needs a 'units:' map, e.g. "
                + "units: {web: {executable: ./server}}"), empty);
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new ConfigLoader(ConfigFixture.EVERYTHING).load(dir.resolve("absent.yaml")));
        assertTrue(e.getMessage().startsWith(dir.resolve("absent.yaml") + ": no such file; check the path"),
                e.getMessage());
    }
}

package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.unit.LogConfig;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stdout/stderr: log}, the log rotation keys and {@code master.metrics_listen}. */
class LogOutputConfigTest {
    @TempDir
    Path dir;

    @Test
    void logModeAndRotationKeys() throws Exception {
        LoadedConfig c = new ConfigFixture(dir).load("""
                master:
                  metrics_listen: 9273
                units:
                  web:
                    executable: ./server
                    stdout: log
                    stderr: {log: web-errors.log}
                    log: {timestamps: true, max_size: 10MiB, max_files: 5, compress: true, max_age: 7d}
                """);
        ManagedUnit web = c.units().get(0);
        Path logs = dir.resolve("logs");
        assertEquals(new OutputRedirect.Log(logs.resolve("web.out.log")), web.stdout());
        assertEquals(new OutputRedirect.Log(logs.resolve("web-errors.log")), web.stderr());
        assertEquals(new LogConfig(null, true, 10L << 20, 5, true, Duration.ofDays(7)), web.log());
        assertEquals(new MetricsListen("127.0.0.1", 9273), c.master().metricsListen());
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    }

    @Test
    void rotationKeysWithoutALogOutputAreAWarningNamingTheFix() throws Exception {
        LoadedConfig c = new ConfigFixture(dir).load("""
                units:
                  chatty:
                    executable: ./chatty
                    stderr: discard
                    log: {directory: ./var, max_size: 64KiB, compress: true}
                  written:
                    executable: ./written
                    stdout: log
                    log: {max_files: 3}
                  plain:
                    executable: ./plain
                    stdout: file
                    log: {directory: ./var}
                """);
        List<String> warnings = c.warnings().stream().map(ConfigProblem::toString).toList();
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).endsWith("5:39: warning: unit 'chatty': log.max_size: has no effect: it applies to"
                + " log files the master writes, and this unit's stdout (console) and stderr (discard) are not; set"
                + " stdout: log and stderr: log to get them, or remove the key"), warnings.get(0));
        assertTrue(warnings.get(1).contains("unit 'chatty': log.compress: has no effect"), warnings.get(1));
    }

    @Test
    void metricsListenForms() {
        assertEquals(new MetricsListen("127.0.0.1", 9273), MetricsListen.parse(":9273"));
        assertEquals(new MetricsListen("::1", 0), MetricsListen.parse("[::1]:0"));
        assertEquals(new MetricsListen("0.0.0.0", 9100), MetricsListen.parse("0.0.0.0:9100"));
        assertTrue(MetricsListen.parse("127.0.0.2:1").isLoopback());
    }

    @Test
    void aNonLoopbackListenerIsAWarningAndABadOneAnError() throws Exception {
        ConfigFixture fx = new ConfigFixture(dir);
        LoadedConfig c = fx.load("""
                master: {metrics_listen: "0.0.0.0:9273"}
                units: {web: {executable: ./server}}
                """);
        assertTrue(c.warnings().get(0).toString().contains("master.metrics_listen: binds 0.0.0.0:9273, reachable from "
                + "other hosts"), c.warnings().toString());
        List<String> errors = fx.errors("""
                master: {metrics_listen: "localhost:http"}
                units: {web: {executable: ./server}}
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("metrics_listen: 'localhost:http' has no valid port"), errors.get(0));
        assertNull(fx.load("units: {web: {executable: ./server}}").master().metricsListen());
    }

    @Test
    void logAndFileTogetherAreAnError() throws Exception {
        List<String> errors = new ConfigFixture(dir).errors("""
                units:
                  web:
                    executable: ./server
                    stdout: {log: a.log, file: b.log}
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("stdout: takes either log"), errors.get(0));
    }

    @Test
    void maxAgeMustBePositive() throws Exception {
        List<String> errors = new ConfigFixture(dir).errors("""
                units:
                  web:
                    executable: ./server
                    stdout: log
                    log: {max_age: 0s}
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("log.max_age"), errors.get(0));
    }
}

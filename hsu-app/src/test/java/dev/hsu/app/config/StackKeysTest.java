package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.unit.Dependency;
import dev.hsu.core.unit.HealthCheck;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.Schedule;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys of health checks, dependencies, schedules and worker pools: mapped values, and each
 * error with its file, line, column, unit and field.
 */
class StackKeysTest {
    @TempDir
    java.nio.file.Path dir;
    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(dir);
    }

    @Test
    void everyNewKeyIsMapped() throws Exception {
        LoadedConfig c = fx.load("""
                master:
                  start_concurrency: 4
                units:
                  db:
                    executable: ./db
                    health_check: {type: tcp, port: 5432, interval: 1s}
                    restart_dependents: true
                    start_timeout: 45s
                  api:
                    executable: ./api
                    health_check:
                      type: http
                      url: http://127.0.0.1:8080/health
                      expect_status: 204
                      expect_body: ok
                    readiness_check: {type: exec, command: ./ready, timeout: 2s}
                    depends_on:
                      db: {condition: healthy}
                      workers: started
                  workers:
                    executable: ./work
                    replicas: 4
                    min_ready: 3
                  nightly:
                    executable: ./nightly
                    schedule: {cron: "0 2 * * *", timezone: Europe/Berlin, overlap: queue, catch_up: true}
                """);
        assertEquals(4, c.master().startConcurrency());
        ManagedUnit db = c.units().get(0);
        assertTrue(db.restartDependents());
        assertEquals(Duration.ofSeconds(45), db.startTimeout());
        ManagedUnit api = c.units().get(1);
        assertEquals(204, api.healthCheck().expectStatus());
        assertEquals("ok", api.healthCheck().expectBody());
        assertEquals(HealthCheck.Type.EXEC, api.readinessCheck().type());
        assertEquals(Duration.ofSeconds(2), api.readinessCheck().timeout());
        assertEquals(List.of(new Dependency("db", Dependency.Condition.HEALTHY),
                new Dependency("workers", Dependency.Condition.STARTED)), api.dependsOn());
        ManagedUnit workers = c.units().get(2);
        assertEquals(4, workers.replicas());
        assertEquals(3, workers.minReady());
        assertEquals(new Schedule("0 2 * * *", ZoneId.of("Europe/Berlin"), Schedule.Overlap.QUEUE, true),
                c.units().get(3).schedule());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void badCronAndTimeZoneNameTheirFields() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  job:
                    executable: ./job
                    schedule: {cron: "61 2 * * *", timezone: Mars/Olympus}
                """);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("hsu.yaml:4:22: unit 'job': schedule.cron: '61 2 * * *' is not a valid cron"
                + " expression: "), errors.get(0));
        assertEquals("hsu.yaml:4:46: unit 'job': schedule.timezone: 'Mars/Olympus' is not a time zone; use a region"
                + " like Europe/Paris or an offset like +02:00", errors.get(1));
    }

    @Test
    void cycleIsNamedInFull() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  a: {executable: ./a, depends_on: [b]}
                  b: {executable: ./b, depends_on: [c]}
                  c: {executable: ./c, depends_on: {a: completed}}
                """);
        assertEquals(List.of("hsu.yaml:2:24: unit 'a': depends_on: dependency cycle a → b → c → a; remove one of"
                + " these dependencies"), errors);
    }

    @Test
    void unknownDependencyListsTheKnownUnits() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  api: {executable: ./api, depends_on: [dbb]}
                  db: {executable: ./db}
                """);
        assertEquals(List.of("hsu.yaml:2:41: unit 'api': depends_on[0]: names unit 'dbb', which does not exist; known"
                + " units: api, db"), errors);
    }

    @Test
    void poolAndCheckKeysAreChecked() throws IOException {
        List<String> errors = fx.errors("""
                units:
                  w:
                    executable: ./w
                    replicas: 2
                    min_ready: 3
                    start_timeout: 0s
                    readiness_check: {type: tcp, port: 80, expect_status: 200, succes_threshold: 2}
                """);
        assertEquals(List.of(
                "hsu.yaml:5:16: unit 'w': min_ready: must be at most replicas (2), got 3",
                "hsu.yaml:6:20: unit 'w': start_timeout: must be greater than zero (got 0s)",
                "hsu.yaml:7:59: unit 'w': readiness_check.expect_status: applies to http checks only; this check's"
                        + " type is tcp",
                "hsu.yaml:7:64: unit 'w': readiness_check.succes_threshold: unknown key; did you mean"
                        + " 'success_threshold'?"), errors);
    }
}

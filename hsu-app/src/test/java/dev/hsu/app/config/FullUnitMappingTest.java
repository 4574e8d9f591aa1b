package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hsu.core.unit.Dependency;
import dev.hsu.core.unit.HealthCheck;
import dev.hsu.core.unit.LogConfig;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.core.unit.RestartSpec;
import dev.hsu.core.unit.Schedule;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file using every key maps to exactly the expected units and master settings. */
class FullUnitMappingTest {
    @TempDir
    Path dir;

    @Test
    void everyFieldIsMapped() throws Exception {
        LoadedConfig config = new ConfigFixture(dir).load("""
                master:
                  log_directory: var/log
                  strict_limits: false
                units:
                  db:
                    executable: /usr/bin/postgres
                    auto_start: true
                    health_check: {type: tcp, port: 5432}
                  api:
                    description: the API server
                    executable: bin/api
                    args: [--port, 8080, -v]
                    environment:
                      LANG: C.UTF-8
                      WORKERS: 4
                    working_directory: srv/api
                    restart:
                      policy: always
                      max_retries: 7
                      retry_delay: 500ms
                      backoff_rate: 1.5
                      max_delay: 1m
                      reset_after: 10m
                      jitter: 0.2
                      window: 15m
                      window_restarts: 6
                    auto_start: false
                    resources:
                      cpu: 1.5
                      cpu_shares: 200
                      memory: 512MiB
                      memory_swap: 1GiB
                      max_processes: 64
                      max_open_files: 4096
                      io_weight: 50
                      io_read_bps: 10MB
                      io_write_bps: 5MiB/s
                    priority: 5
                    log:
                      directory: /var/log/api
                      timestamps: true
                      max_size: 10MiB
                      max_files: 3
                    stdout: file
                    stderr: {file: errors.log, append: false}
                    health_check:
                      type: http
                      url: http://127.0.0.1:8080/health
                      method: head
                      headers: {Accept: application/json}
                      initial_delay: 2s
                      interval: 5s
                      timeout: 500ms
                      retries: 2
                      success_threshold: 2
                      failure_threshold: 4
                    schedule:
                      cron: "0 3 * * *"
                      timezone: Europe/Paris
                      overlap: queue
                    depends_on:
                      db: {condition: healthy}
                    graceful_timeout: 1m30s
                    stop_signal: SIGINT
                  probe:
                    executable: ./probe
                    stdout: discard
                    stderr: probe.err
                    health_check:
                      type: tcp
                      port: 5432
                    depends_on: [db]
                  checker:
                    executable: ./check
                    stdout: console
                    health_check:
                      type: exec
                      command: /bin/true
                      args: [--quiet]
                """);

        Path logDir = dir.resolve("var/log");
        assertEquals(new MasterConfig(logDir, false), config.master());

        ManagedUnit db = ManagedUnit.builder("db").executable("/usr/bin/postgres")
                .healthCheck(new HealthCheck(HealthCheck.Type.TCP, null, null, null, "127.0.0.1", 5432, null, null,
                        Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1), 0, 1, 3))
                .build();

        Map<String, String> env = new LinkedHashMap<>();
        env.put("LANG", "C.UTF-8");
        env.put("WORKERS", "4");
        ManagedUnit api = ManagedUnit.builder("api")
                .description("the API server")
                .executable("bin/api")
                .args("--port", "8080", "-v")
                .environment(env)
                .workingDirectory(dir.resolve("srv/api"))
                .restart(new RestartSpec(RestartPolicy.ALWAYS, 7, Duration.ofMillis(500), 1.5, Duration.ofMinutes(1),
                        Duration.ofMinutes(10), 0.2).withWindow(6, Duration.ofMinutes(15)))
                .autoStart(false)
                .resources(new ResourceLimits(1.5, 200, 512L << 20, 1L << 30, 64, 4096L, 50, 10_000_000L, 5L << 20))
                .priority(5)
                .log(new LogConfig(Path.of("/var/log/api"), true, 10L << 20, 3))
                .stdout(new OutputRedirect.File(Path.of("/var/log/api/api.out.log"), true))
                .stderr(new OutputRedirect.File(Path.of("/var/log/api/errors.log"), false))
                .healthCheck(new HealthCheck(HealthCheck.Type.HTTP, "http://127.0.0.1:8080/health", "HEAD",
                        Map.of("Accept", "application/json"), null, null, null, null, Duration.ofSeconds(2),
                        Duration.ofSeconds(5), Duration.ofMillis(500), 2, 2, 4))
                .schedule(new Schedule("0 3 * * *", ZoneId.of("Europe/Paris"), Schedule.Overlap.QUEUE))
                .dependsOn(List.of(new Dependency("db", Dependency.Condition.HEALTHY)))
                .gracefulTimeout(Duration.ofSeconds(90))
                .stopSignal(Signal.INT)
                .build();

        ManagedUnit probe = ManagedUnit.builder("probe")
                .executable("./probe")
                .stdout(OutputRedirect.discard())
                .stderr(new OutputRedirect.File(logDir.resolve("probe.err"), true))
                .healthCheck(new HealthCheck(HealthCheck.Type.TCP, null, null, null, "127.0.0.1", 5432, null, null,
                        Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1), 0, 1, 3))
                .dependsOn("db")
                .build();

        ManagedUnit checker = ManagedUnit.builder("checker")
                .executable("./check")
                .healthCheck(new HealthCheck(HealthCheck.Type.EXEC, null, null, null, null, null, "/bin/true",
                        List.of("--quiet"), Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1), 0, 1, 3))
                .build();

        assertEquals(List.of(db, api, probe, checker), config.units());
        // Environment order is kept as written (it is a LinkedHashMap copy).
        assertEquals(List.of("LANG", "WORKERS"), List.copyOf(config.units().get(1).environment().keySet()));
        // api's rotation keys act on log outputs only, and api writes files itself.
        assertEquals(List.of("log.timestamps", "log.max_size", "log.max_files"),
                config.warnings().stream().map(ConfigProblem::field).toList(), config.warnings().toString());
    }

    @Test
    void defaultsWhenOnlyTheExecutableIsGiven() throws Exception {
        LoadedConfig config = new ConfigFixture(dir).load("""
                units:
                  web:
                    executable: ./server
                """);
        assertEquals(MasterConfig.defaults(dir), config.master());
        assertEquals(dir.resolve("logs"), config.master().logDirectory());
        assertEquals(List.of(ManagedUnit.builder("web").executable("./server").build()), config.units());
    }
}

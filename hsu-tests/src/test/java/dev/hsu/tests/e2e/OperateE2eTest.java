package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands end to end: {@code hsu run} in a JVM of its own (the real entry point,
 * the Linux adapter, the control socket), and each {@code hsu} command in a JVM of its own, as an
 * operator types them: status, stop and start of one unit, logs -f across rotations, describe,
 * metrics (checked by {@code promtool check metrics}), shutdown, and the missing-master message.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OperateE2eTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Process master;
    private int metricsPort;
    private final List<Process> clis = new CopyOnWriteArrayList<>();

    record Cli(int exit, String out, String err) {
    }

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"),
                "the operator end-to-end tests run the Linux adapter");
    }

    @BeforeEach
    void startMaster() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            metricsPort = s.getLocalPort();
        }
        Files.writeString(dir.resolve("hsu.yaml"), """
                master:
                  log_directory: logs
                  metrics_listen: 127.0.0.1:%d
                units:
                  web:
                    executable: /bin/sleep
                    args: ["300"]
                    graceful_timeout: 5s
                  ticker:
                    executable: /bin/sh
                    args: ["-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); echo tick $i; sleep 0.002; done"]
                    stdout: log
                    log: {max_size: 4KiB, max_files: 50}
                    graceful_timeout: 5s
                """.formatted(metricsPort));
        master = java("dev.hsu.app.cli.Main", "run", dir.resolve("hsu.yaml").toString(), "--state-dir", state())
                .redirectOutput(dir.resolve("master.out").toFile()).redirectError(dir.resolve("master.err").toFile())
                .start();
        await().atMost(WAIT).until(() -> !master.isAlive() || hsu("status").exit() == 0);
        assertTrue(master.isAlive(), () -> "the master ended: " + read("master.err"));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : clis) {
            p.destroyForcibly();
        }
        if (master != null && master.isAlive()) {
            List<ProcessHandle> tree = master.descendants().toList();
            master.destroy(); // SIGTERM: the master stops its units
            if (!master.waitFor(30, TimeUnit.SECONDS)) {
                master.destroyForcibly();
            }
            tree.forEach(ProcessHandle::destroyForcibly); // by handle: never a recycled pid
        }
    }

    private String state() {
        return dir.resolve("state").toString();
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static ProcessBuilder java(String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** Runs {@code hsu ARGS --state-dir DIR} to its end. */
    private Cli hsu(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--state-dir");
        all.add(state());
        Path out = Files.createTempFile(dir, "cli", ".out");
        Path err = Files.createTempFile(dir, "cli", ".err");
        Process p = java("dev.hsu.app.cli.Main", all.toArray(String[]::new)).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        clis.add(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "hsu " + String.join(" ", args) + " did not end");
        return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private String row(String table, String unit) {
        for (String line : table.split("\n")) {
            if (line.startsWith(unit + " ")) {
                return line;
            }
        }
        throw new AssertionError("no row for " + unit + " in\n" + table);
    }

    @Test
    void statusStopStartDescribeAndShutdown() throws Exception {
        Cli status = hsu("status");
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().startsWith("UNIT    STATE    HEALTH  PID"), status.out());
        assertTrue(status.out().split("\n")[0].matches("UNIT +STATE +HEALTH +PID +UPTIME +RESTARTS +CPU +MEMORY +LAST EXIT"),
                status.out());
        String web = row(status.out(), "web");
        assertTrue(web.matches("web +RUNNING +- +\\d+ +\\d+s +0 +[0-9.]+% +[0-9.]+[KMG] +-"), web);
        long pid = Long.parseLong(web.split(" +")[3]);

        Cli stop = hsu("stop", "web");
        assertEquals(0, stop.exit(), stop.err());
        await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        JsonNode stopped = new ObjectMapper().readTree(hsu("status", "web", "-o", "json").out()).get(0);
        assertEquals("STOPPED", stopped.get("state").asText());
        assertEquals(-1, stopped.get("pid").asLong());

        Cli start = hsu("start", "web");
        assertEquals(0, start.exit(), start.err());
        JsonNode started = new ObjectMapper().readTree(hsu("status", "web", "-o", "json").out()).get(0);
        assertEquals("RUNNING", started.get("state").asText());
        assertNotEquals(pid, started.get("pid").asLong());
        assertTrue(started.path("usage").path("memory_bytes").asLong() > 0, started.toString());

        Cli describe = hsu("describe", "ticker");
        assertEquals(0, describe.exit(), describe.err());
        assertTrue(describe.out().contains("Stdout:     log  " + dir.resolve("logs/ticker.out.log")), describe.out());
        assertTrue(describe.out().contains("  log:\n") && describe.out().contains("    max_size: 4096\n"),
                describe.out());

        assertEquals(4, hsu("describe", "nope").exit());
        assertEquals(4, hsu("logs", "nope").exit());
        Cli console = hsu("logs", "web");
        assertEquals(1, console.exit());
        assertTrue(console.err().contains("goes to the master's console"), console.err());

        Cli shutdown = hsu("shutdown");
        assertEquals(0, shutdown.exit(), shutdown.err());
        assertTrue(master.waitFor(30, TimeUnit.SECONDS), "the master exits after hsu shutdown");
        assertEquals(0, master.exitValue(), read("master.err"));

        Cli none = hsu("status");
        assertEquals(3, none.exit());
        assertTrue(none.err().startsWith("hsu: no HSU master is running on state directory"), none.err());
    }

    @Test
    void logsFollowShowsNewLinesAcrossRotationsWithoutLosingOne() throws Exception {
        Path log = dir.resolve("logs/ticker.out.log");
        await().atMost(WAIT).until(() -> Files.exists(log.resolveSibling("ticker.out.log.1")));

        Cli tail = hsu("logs", "ticker", "-n", "3");
        assertEquals(0, tail.exit(), tail.err());
        String[] last = tail.out().split("\n");
        assertEquals(3, last.length, tail.out());
        int n = number(last[0]);
        assertEquals(List.of("tick " + (n + 1), "tick " + (n + 2)), List.of(last[1], last[2]));

        List<String> seen = new CopyOnWriteArrayList<>();
        Process follow = java("dev.hsu.app.cli.Main", "logs", "-f", "-n", "1", "ticker", "--state-dir", state())
                .redirectErrorStream(true).start();
        clis.add(follow);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(follow.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    seen.add(line);
                }
            } catch (IOException e) {
                seen.add("read failed: " + e);
            }
        });
        await().atMost(WAIT).until(() -> !seen.isEmpty());
        int first = number(seen.get(0));
        // 4 KiB files of ~10-byte lines: a rotation every ~400 lines; follow through several.
        await().atMost(WAIT).until(() -> seen.size() > 2000);
        follow.destroy();
        List<String> got = new ArrayList<>(seen);
        for (int i = 0; i < 2000; i++) {
            assertEquals("tick " + (first + i), got.get(i), "line " + i + " of the follow");
        }
        assertTrue(Files.exists(log.resolveSibling("ticker.out.log.5")), "the follow crossed rotations");
    }

    @Test
    void metricsPassPromtoolOnTheSocketAndOnTheListener() throws Exception {
        Cli metrics = hsu("metrics");
        assertEquals(0, metrics.exit(), metrics.err());
        String text = metrics.out();
        assertTrue(text.contains("hsu_unit_state{unit=\"web\",state=\"running\"} 1\n"), text);
        assertTrue(text.contains("hsu_units{state=\"running\"} 2\n"), text);
        assertTrue(text.contains("# TYPE hsu_unit_restarts_total counter\n"), text);
        assertTrue(Pattern.compile("(?m)^hsu_unit_cpu_seconds_total\\{unit=\"ticker\"} [0-9.]+(E-?\\d+)?$")
                .matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^hsu_unit_memory_bytes\\{unit=\"web\"} [1-9]\\d*$").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^hsu_unit_open_files\\{unit=\"web\"} [1-9]\\d*$").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^hsu_master_uptime_seconds [0-9.]+$").matcher(text).find(), text);

        HttpResponse<String> http = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, http.statusCode());
        assertTrue(http.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(http.body().contains("hsu_unit_state{unit=\"ticker\",state=\"running\"} 1\n"), http.body());

        Path promtool = Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "promtool"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(promtool != null, "promtool is not installed (Debian: apt-get install prometheus); "
                + "the metrics format was checked above but not linted");
        for (String body : List.of(text, http.body())) {
            Path file = Files.writeString(dir.resolve("metrics.txt"), body);
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
            clis.add(p);
            String verdict = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "promtool check metrics: " + verdict + "\n" + body);
            assertEquals("", verdict.strip(), "promtool has lint remarks");
        }
    }

    private static int number(String tickLine) {
        Matcher m = Pattern.compile("tick (\\d+)").matcher(tickLine);
        assertTrue(m.matches(), tickLine);
        return Integer.parseInt(m.group(1));
    }

    private static final class Stream {
        static java.util.stream.Stream<String> of(String... s) {
            return java.util.Arrays.stream(s);
        }
    }
}

package dev.hsu.app.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsu.core.Master;
import dev.hsu.core.UnitState;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.core.unit.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint through the real client and server, against a real master running real
 * processes on this machine's adapter.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControlApiTest {

    @TempDir
    Path tmp;

    private Master master;
    private ControlServer server;
    private ControlClient client;
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);
    private final List<Long> pids = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        master = RealMaster.create(Files.createDirectory(tmp.resolve("logs")));
        master.register(ManagedUnit.builder("web").executable("/bin/sleep").args("300")
                .gracefulTimeout(Duration.ofSeconds(5)).build());
        master.register(ManagedUnit.builder("worker").executable("/bin/sleep").args("300")
                .gracefulTimeout(Duration.ofSeconds(5)).build());
        master.register(ManagedUnit.builder("hup").executable("/bin/sh")
                .args("-c", "trap 'echo got-hup > " + tmp.resolve("hup.txt") + "; exit 0' HUP; : > "
                        + tmp.resolve("hup-ready") + "; sleep 300 & wait")
                .restartPolicy(RestartPolicy.NEVER).gracefulTimeout(Duration.ofSeconds(5)).build());
        server = new ControlServer(new StateDirectory(tmp.resolve("state")), master, shutdownRequested::countDown);
        server.start();
        client = new ControlClient(server.directory());
    }

    @AfterEach
    void tearDown() {
        server.close();
        master.close();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private JsonNode ok(int expected, ControlResponse r) {
        assertEquals(expected, r.status(), r.body().toString());
        return r.body();
    }

    private long started(JsonNode unit) {
        assertEquals("RUNNING", unit.get("state").asText(), unit.toString());
        long pid = unit.get("pid").asLong();
        assertTrue(pid > 0, unit.toString());
        pids.add(pid);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " is not alive");
        return pid;
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    @Test
    void listsEveryUnitInRegistrationOrderWithEveryField() throws IOException {
        JsonNode units = ok(200, client.send("GET", "/v1/units", null));
        assertEquals(3, units.size());
        assertEquals(List.of("web", "worker", "hup"), List.of(units.get(0).get("name").asText(),
                units.get(1).get("name").asText(), units.get(2).get("name").asText()));
        JsonNode web = units.get(0);
        for (String field : List.of("name", "state", "pid", "since", "started_at", "uptime_ms", "restarts", "last_exit",
                "reason")) {
            assertTrue(web.has(field), field + " missing in " + web);
        }
        assertFalse(web.has("error"));
        assertEquals("REGISTERED", web.get("state").asText());
        assertEquals(-1, web.get("pid").asLong());
        assertTrue(web.get("started_at").isNull());
        assertEquals(0, web.get("uptime_ms").asLong());
        Instant since = Instant.parse(web.get("since").asText());
        assertTrue(web.get("since").asText().endsWith("Z"));
        assertTrue(!since.isAfter(Instant.now()));
    }

    @Test
    void startStopAndRestartOneUnit() throws IOException {
        JsonNode started = ok(200, client.send("POST", "/v1/units/web/start", null));
        long pid = started(started);
        assertNull(started.get("error"));

        JsonNode shown = ok(200, client.send("GET", "/v1/units/web", null));
        assertEquals(pid, shown.get("pid").asLong());
        assertEquals("RUNNING", shown.get("state").asText());
        Instant startedAt = Instant.parse(shown.get("started_at").asText());
        assertTrue(shown.get("uptime_ms").asLong() >= 0);
        assertTrue(!startedAt.isAfter(Instant.now()));

        JsonNode restarted = ok(200, client.send("POST", "/v1/units/web/restart", null));
        long second = started(restarted);
        assertNotEquals(pid, second);
        assertTrue(gone(pid), "the first process " + pid + " survived the restart");

        JsonNode stopped = ok(200, client.send("POST", "/v1/units/web/stop", null));
        assertEquals("STOPPED", stopped.get("state").asText(), stopped.toString());
        assertEquals(-1, stopped.get("pid").asLong());
        assertTrue(stopped.get("last_exit").asText().contains("stopped gracefully"), stopped.toString());
        assertTrue(gone(second), "process " + second + " survived the stop");
        // the other units were left alone
        assertEquals("REGISTERED", ok(200, client.send("GET", "/v1/units/worker", null)).get("state").asText());
    }

    @Test
    void aStopPausesAScheduleAndAStartArmsItAgainAnsweringOk() throws IOException {
        master.register(ManagedUnit.builder("nightly").executable("/bin/true")
                .schedule(new Schedule("0 3 * * *", ZoneId.of("UTC"), Schedule.Overlap.SKIP)).build());
        JsonNode stopped = ok(200, client.send("POST", "/v1/units/nightly/stop", null));
        assertTrue(stopped.path("schedule").path("paused").asBoolean(), stopped.toString());
        assertTrue(stopped.path("schedule").path("next_run").isNull(), stopped.toString());

        JsonNode started = ok(200, client.send("POST", "/v1/units/nightly/start", null));
        assertNull(started.get("error"), started.toString());
        assertEquals("REGISTERED", started.get("state").asText(), "armed, not run: " + started);
        assertFalse(started.path("schedule").path("paused").asBoolean(), started.toString());
        assertTrue(Instant.parse(started.path("schedule").path("next_run").asText()).isAfter(Instant.now()),
                started.toString());
    }

    @Test
    void allActsOnEveryUnit() throws IOException {
        JsonNode started = ok(200, client.send("POST", "/v1/units/all/start", null));
        assertTrue(started.isArray());
        assertEquals(3, started.size());
        List<Long> running = new ArrayList<>();
        for (JsonNode u : started) {
            running.add(started(u));
        }
        JsonNode stopped = ok(200, client.send("POST", "/v1/units/all/stop", null));
        assertEquals(3, stopped.size());
        for (JsonNode u : stopped) {
            assertEquals(-1, u.get("pid").asLong(), u.toString());
        }
        for (long pid : running) {
            assertTrue(gone(pid), "process " + pid + " survived stop all");
        }
    }

    @Test
    void aStartThatFailsIs409WithTheReason() throws IOException {
        master.register(ManagedUnit.builder("broken").executable(tmp.resolve("no-such-program").toString())
                .restartPolicy(RestartPolicy.NEVER).build());
        JsonNode failed = ok(409, client.send("POST", "/v1/units/broken/start", null));
        assertEquals("FAILED", failed.get("state").asText(), failed.toString());
        assertTrue(failed.get("error").asText().contains("start of unit broken ended in state FAILED"),
                failed.toString());
        assertTrue(failed.get("last_exit").asText().startsWith("failed to start"), failed.toString());
        // "all" reports the one failure and still starts the rest
        JsonNode all = ok(409, client.send("POST", "/v1/units/all/start", null));
        assertEquals(4, all.size());
        for (JsonNode u : all) {
            if (u.get("name").asText().equals("broken")) {
                assertTrue(u.has("error"));
            } else {
                started(u);
            }
        }
    }

    @Test
    void aTransitionThatOutlastsItsBoundIs504AndGoesOn() throws IOException {
        server.close();
        master.register(ManagedUnit.builder("stubborn").executable("/bin/sh")
                .args("-c", "trap '' TERM; : > " + tmp.resolve("stubborn-ready") + "; sleep 300 & wait; sleep 300 & wait")
                .restartPolicy(RestartPolicy.NEVER).gracefulTimeout(Duration.ofSeconds(2)).build());
        server = new ControlServer(new StateDirectory(tmp.resolve("state2")), master, () -> { },
                ControlOptions.DEFAULT.withStartWait(Duration.ofMillis(300)));
        server.start();
        client = new ControlClient(server.directory());
        long pid = started(ok(200, client.send("POST", "/v1/units/stubborn/start", null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(tmp.resolve("stubborn-ready")));
        // it ignores SIGTERM, so the stop takes the whole 2 s graceful timeout; a start queued
        // behind that stop cannot finish within 300 ms
        master.stop("stubborn");
        JsonNode late = ok(504, client.send("POST", "/v1/units/stubborn/start", null));
        assertTrue(late.get("error").asText().startsWith("timed out: unit stubborn is still"), late.toString());
        await().atMost(Duration.ofSeconds(15)).until(() -> gone(pid));
        await().atMost(Duration.ofSeconds(15)).until(() -> master.status("stubborn").orElseThrow().state()
                == UnitState.RUNNING);
        long again = master.status("stubborn").orElseThrow().pid();
        pids.add(again);
        // spare the teardown another graceful timeout
        master.signal("stubborn", dev.hsu.spi.Signal.KILL);
        await().atMost(Duration.ofSeconds(10)).until(() -> gone(again));
    }

    @Test
    void signalByBodyAndByQuery() throws IOException {
        started(ok(200, client.send("POST", "/v1/units/hup/start", null)));
        // RUNNING means spawned; the shell's trap is in place only once it says so
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(tmp.resolve("hup-ready")));
        JsonNode sent = ok(202, client.send("POST", "/v1/units/hup/signal", Map.of("signal", "HUP")));
        assertEquals("SIGHUP", sent.get("signal").asText());
        assertEquals("hup", sent.get("signalled").get(0).get("unit").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(tmp.resolve("hup.txt")));
        assertEquals("got-hup\n", Files.readString(tmp.resolve("hup.txt")));
        await().atMost(Duration.ofSeconds(10)).until(() -> master.status("hup").orElseThrow().state()
                == UnitState.EXITED || master.status("hup").orElseThrow().pid() < 0);

        long web = started(ok(200, client.send("POST", "/v1/units/web/start", null)));
        ok(202, client.send("POST", "/v1/units/web/signal?signal=SIGKILL", null));
        await().atMost(Duration.ofSeconds(10)).until(() -> gone(web));
    }

    @Test
    void signalErrors() throws IOException {
        JsonNode notRunning = ok(409, client.send("POST", "/v1/units/web/signal", Map.of("signal", "HUP")));
        assertTrue(notRunning.get("error").asText().contains("has no running process"), notRunning.toString());
        JsonNode unknownSignal = ok(400, client.send("POST", "/v1/units/web/signal", Map.of("signal", "BOGUS")));
        assertTrue(unknownSignal.get("signals").toString().contains("HUP"), unknownSignal.toString());
        ok(400, client.send("POST", "/v1/units/web/signal", null));
        ok(400, client.send("POST", "/v1/units/web/signal", List.of(1, 2)));
        String raw = RawHttp.exchange(server.socketFile(),
                "POST /v1/units/web/signal HTTP/1.1\r\nContent-Length: 9\r\n\r\n{\"signal\"");
        assertEquals(400, RawHttp.status(raw), raw);
        assertTrue(RawHttp.body(raw).contains("malformed JSON body"), raw);
    }

    @Test
    void unknownUnitsAre404NamingTheKnownOnes() throws IOException {
        for (ControlResponse r : List.of(client.send("GET", "/v1/units/nope", null),
                client.send("POST", "/v1/units/nope/stop", null),
                client.send("POST", "/v1/units/nope/signal", Map.of("signal", "HUP")))) {
            JsonNode body = ok(404, r);
            assertEquals("no unit named 'nope'; known units: web, worker, hup", body.get("error").asText());
            assertEquals("[\"web\",\"worker\",\"hup\"]", body.get("known_units").toString());
        }
    }

    @Test
    void unknownPathsAre404ListingTheEndpointsAndWrongMethods405() throws IOException {
        JsonNode unknown = ok(404, client.send("GET", "/v2/everything", null));
        assertTrue(unknown.get("endpoints").toString().contains("GET /v1/units"), unknown.toString());
        ok(404, client.send("POST", "/v1/units/web/explode", null));
        ok(404, client.send("GET", "/", null));
        JsonNode wrong = ok(405, client.send("DELETE", "/v1/units", null));
        assertEquals("[\"GET\"]", wrong.get("allowed").toString());
        ok(405, client.send("GET", "/v1/units/web/start", null));
        ok(405, client.send("GET", "/v1/shutdown", null));
        String raw = RawHttp.exchange(server.socketFile(), "PUT /v1/units/web HTTP/1.1\r\n\r\n");
        assertTrue(raw.contains("\r\nAllow: GET\r\n"), raw);
    }

    @Test
    void malformedAndOversizedRequestsDoNotDisturbTheMaster() throws IOException {
        assertEquals(400, RawHttp.status(RawHttp.exchange(server.socketFile(), "\u0000\u0001garbage\r\n\r\n")));
        String big = "{\"signal\":\"" + "H".repeat(70 * 1024) + "\"}";
        String r = RawHttp.exchange(server.socketFile(),
                "POST /v1/units/web/signal HTTP/1.1\r\nContent-Length: " + big.length() + "\r\n\r\n" + big);
        assertEquals(413, RawHttp.status(r), r);
        started(ok(200, client.send("POST", "/v1/units/web/start", null)));
    }

    @Test
    void shutdownAnswers202ThenCallsBack() throws Exception {
        long pid = started(ok(200, client.send("POST", "/v1/units/web/start", null)));
        JsonNode accepted = ok(202, client.send("POST", "/v1/shutdown", null));
        assertEquals("shutting down", accepted.get("status").asText());
        assertEquals(ProcessHandle.current().pid(), accepted.get("pid").asLong());
        assertTrue(shutdownRequested.await(10, TimeUnit.SECONDS), "the shutdown callback was not called");
        assertEquals("already shutting down", ok(202, client.send("POST", "/v1/shutdown", null)).get("status").asText());
        master.shutdown().get(15, TimeUnit.SECONDS);
        assertTrue(gone(pid));
    }

    @Test
    void curlSeesTheSameApi() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result start = Curl.run(List.of(), server.socketFile(), "-X", "POST", "http://hsu/v1/units/web/start");
        assertEquals(200, start.status(), start.body());
        Curl.Result list = Curl.run(List.of(), server.socketFile(), "http://hsu/v1/units");
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().startsWith("[{\"name\":\"web\",\"state\":\"RUNNING\",\"pid\":"), list.body());
        pids.add(master.status("web").orElseThrow().pid());
        Curl.Result sig = Curl.run(List.of(), server.socketFile(), "-X", "POST", "-d", "{\"signal\":\"TERM\"}",
                "http://hsu/v1/units/web/signal");
        assertEquals(202, sig.status(), sig.body());
    }
}

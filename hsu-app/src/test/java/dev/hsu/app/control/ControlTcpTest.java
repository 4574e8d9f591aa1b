package dev.hsu.app.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsu.core.Master;
import dev.hsu.core.unit.ManagedUnit;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control API's TCP listener, over real TCP on loopback, against a real master: a request
 * without the bearer token, with a wrong one or another scheme gets 401 and never reaches the
 * API; the right token gets the same answers as the Unix socket.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControlTcpTest {
    private static final String TOKEN = "s3cret-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Master master;
    private ControlServer server;
    private InetSocketAddress address;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws IOException {
        master = RealMaster.create(Files.createDirectory(tmp.resolve("logs")));
        master.register(ManagedUnit.builder("web").executable("/bin/sleep").args("300")
                .gracefulTimeout(Duration.ofSeconds(5)).build());
        server = new ControlServer(new StateDirectory(tmp.resolve("state")), master, () -> { });
        server.start();
        address = server.startTcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN);
    }

    @AfterEach
    void tearDown() {
        server.close();
        master.close();
        http.close();
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMissingTokenIsRefusedWith401() throws Exception {
        HttpResponse<String> r = send("GET", "/v1/units", null);
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("Bearer realm=\"hsu\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(JSON.readTree(r.body()).path("error").asText().contains("needs a bearer token"), r.body());
    }

    @Test
    void aWrongTokenOrAnotherSchemeIsRefusedWith401AndChangesNothing() throws Exception {
        for (String header : new String[] {"Bearer wrong-token-0123456789", "Bearer " + TOKEN + "x",
                "Bearer " + TOKEN.substring(1), "Basic " + TOKEN, "Bearer", TOKEN}) {
            HttpResponse<String> r = send("POST", "/v1/units/web/start", header);
            assertEquals(401, r.statusCode(), header + ": " + r.body());
        }
        assertEquals(-1, master.status("web").orElseThrow().pid(), "a refused request must not start the unit");
    }

    @Test
    void theRightTokenServesTheSameApiAsTheSocket() throws Exception {
        HttpResponse<String> started = send("POST", "/v1/units/web/start", "Bearer " + TOKEN);
        assertEquals(200, started.statusCode(), started.body());
        JsonNode unit = JSON.readTree(started.body());
        assertEquals("RUNNING", unit.path("state").asText());
        long pid = unit.path("pid").asLong();
        try {
            HttpResponse<String> units = send("GET", "/v1/units", "bearer  " + TOKEN + " ");
            assertEquals(200, units.statusCode(), units.body());
            assertEquals(pid, JSON.readTree(units.body()).get(0).path("pid").asLong());
            ControlResponse viaSocket = new ControlClient(server.directory()).send("GET", "/v1/units/web", null);
            assertEquals(pid, viaSocket.body().path("pid").asLong());
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theListenerStopsWithTheServer() throws Exception {
        server.close();
        assertThrows(IOException.class, () -> send("GET", "/v1/units", "Bearer " + TOKEN));
    }

    @Test
    void aShortTokenFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("token"), "short\n");
        IOException e = assertThrows(IOException.class, () -> TokenFile.read(file));
        assertTrue(e.getMessage().contains("at least 16 characters"), e.getMessage());
        Files.writeString(file, "  " + TOKEN + "\n");
        assertEquals(TOKEN, TokenFile.read(file));
    }
}

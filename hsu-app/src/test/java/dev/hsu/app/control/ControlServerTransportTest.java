package dev.hsu.app.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsu.app.control.http.HttpLimits;
import dev.hsu.app.control.http.HttpResponse;
import dev.hsu.app.control.http.RequestHandler;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control server's transport and lifecycle over a real Unix socket, with a handler that
 * echoes the request: limits, malformed input, timeouts, file modes, single instance, peer
 * credentials. The API routes over a real master are in {@link ControlApiTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControlServerTransportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final RequestHandler ECHO = request -> {
        if (request.path().equals("/boom")) {
            throw new IllegalStateException("handler bug");
        }
        try {
            return HttpResponse.json(200, JSON.writeValueAsBytes(Map.of("method", request.method(),
                    "path", request.path(), "query", request.query(),
                    "body", new String(request.body(), StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    };

    @TempDir
    Path tmp;

    private ControlServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private StateDirectory dir() {
        return new StateDirectory(tmp.resolve("state"));
    }

    private ControlServer started(HttpLimits limits) throws IOException {
        server = new ControlServer(dir(), ECHO, limits);
        server.start();
        return server;
    }

    private ControlServer started() throws IOException {
        return started(HttpLimits.DEFAULT);
    }

    @Test
    void createsTheDirectory0700TheSocket0600AndThePidFile() throws IOException {
        started();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().path())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().socketFile())));
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir().pidFile()));
    }

    @Test
    void closeRemovesTheSocketAndThePidFile() throws IOException {
        started().close();
        assertFalse(Files.exists(dir().socketFile()));
        assertFalse(Files.exists(dir().pidFile()));
    }

    @Test
    void servesARequestAndDecodesPathAndQuery() throws IOException {
        started();
        String r = RawHttp.exchange(dir().socketFile(),
                "POST /v1/units/a%20b/signal?signal=HUP&x=1 HTTP/1.1\r\nHost: hsu\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals(200, RawHttp.status(r), r);
        JsonNode body = JSON.readTree(RawHttp.body(r));
        assertEquals("/v1/units/a b/signal", body.get("path").asText());
        assertEquals("HUP", body.get("query").get("signal").asText());
        assertEquals("hello", body.get("body").asText());
        assertTrue(r.contains("Content-Type: application/json\r\n"), r);
    }

    @Test
    void malformedRequestsGet400AndTheServerKeepsServing() throws IOException {
        started();
        List<String> malformed = List.of(
                "GARBAGE\r\n\r\n",
                "GET /v1/units\r\n\r\n",
                "get /v1/units HTTP/1.1\r\n\r\n",
                "GET v1/units HTTP/1.1\r\n\r\n",
                "GET /v1/units HTTP/1.1\r\nNoColonHere\r\n\r\n",
                "GET /v1/units HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
                "GET /v1/units HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                "GET /v1/units HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "GET /v1/%zz HTTP/1.1\r\n\r\n",
                "POST /v1/units HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort",
                "GET /v1/units HTTP/1.1\r\nHost: a");
        for (String request : malformed) {
            String r = RawHttp.exchange(dir().socketFile(), request);
            assertEquals(400, RawHttp.status(r), request + " -> " + r);
            JsonNode body = JSON.readTree(RawHttp.body(r));
            assertEquals(400, body.get("status").asInt());
            assertFalse(body.get("error").asText().isBlank());
        }
        byte[] binary = new byte[512];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 37);
        }
        binary[binary.length - 1] = '\n';
        binary[binary.length - 2] = '\n';
        assertEquals(400, RawHttp.status(RawHttp.exchange(dir().socketFile(), binary, true)));
        assertEquals(200, RawHttp.status(RawHttp.exchange(dir().socketFile(), "GET /ok HTTP/1.1\r\n\r\n")));
    }

    @Test
    void aClientThatConnectsAndLeavesDoesNotDisturbTheServer() throws IOException {
        started();
        assertEquals("", RawHttp.exchange(dir().socketFile(), ""));
        assertEquals(200, RawHttp.status(RawHttp.exchange(dir().socketFile(), "GET /ok HTTP/1.0\n\n")));
    }

    @Test
    void oversizedBodyGets413BeforeItIsRead() throws IOException {
        started();
        byte[] body = new byte[100 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        byte[] head = ("POST /v1/units/web/signal HTTP/1.1\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        String r = RawHttp.exchange(dir().socketFile(), request, false);
        assertEquals(413, RawHttp.status(r), r);
        assertTrue(JSON.readTree(RawHttp.body(r)).get("error").asText().contains("65536"), r);
        assertEquals(200, RawHttp.status(RawHttp.exchange(dir().socketFile(), "GET /ok HTTP/1.1\r\n\r\n")));
    }

    @Test
    void oversizedHeadersGet431() throws IOException {
        started();
        String r = RawHttp.exchange(dir().socketFile(),
                "GET /v1/units HTTP/1.1\r\nX-Big: " + "y".repeat(9000) + "\r\n\r\n");
        assertEquals(431, RawHttp.status(r), r);
        String longLine = RawHttp.exchange(dir().socketFile(), "GET /" + "z".repeat(9000) + " HTTP/1.1\r\n\r\n");
        assertEquals(431, RawHttp.status(longLine), longLine);
        assertEquals(200, RawHttp.status(RawHttp.exchange(dir().socketFile(), "GET /ok HTTP/1.1\r\n\r\n")));
    }

    @Test
    void aBodyJustAtTheLimitIsAccepted() throws IOException {
        started();
        String body = "b".repeat(64 * 1024);
        String r = RawHttp.exchange(dir().socketFile(),
                "POST /x HTTP/1.1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertEquals(200, RawHttp.status(r));
        assertEquals(body, JSON.readTree(RawHttp.body(r)).get("body").asText());
    }

    @Test
    void expect100ContinueIsAnsweredBeforeTheBodyIsSent() throws IOException {
        started();
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(dir().socketFile()))) {
            c.write(ByteBuffer.wrap(("POST /x HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            String interim = "HTTP/1.1 100 Continue\r\n\r\n";
            ByteBuffer in = ByteBuffer.allocate(interim.length());
            while (in.hasRemaining() && c.read(in) >= 0) {
                // the server must speak first: without the interim answer this read would block
            }
            assertEquals(interim, new String(in.array(), StandardCharsets.ISO_8859_1));
            c.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.ISO_8859_1)));
            ByteBuffer rest = ByteBuffer.allocate(4096);
            while (c.read(rest) >= 0) {
                // until the server closes
            }
            String r = new String(rest.array(), 0, rest.position(), StandardCharsets.UTF_8);
            assertEquals(200, RawHttp.status(r), r);
            assertEquals("hello", JSON.readTree(RawHttp.body(r)).get("body").asText());
        }
    }

    @Test
    void connectionsBeyondTheCapAre503() throws IOException {
        started(new HttpLimits(8 * 1024, 64 * 1024, Duration.ofSeconds(30), 1));
        try (SocketChannel holder = SocketChannel.open(UnixDomainSocketAddress.of(dir().socketFile()))) {
            // the holder's connection was accepted first and takes the only slot until it closes
            String r = RawHttp.exchange(dir().socketFile(), "GET /ok HTTP/1.1\r\n\r\n");
            assertEquals(503, RawHttp.status(r), r);
            assertTrue(holder.isConnected());
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                RawHttp.status(RawHttp.exchange(dir().socketFile(), "GET /ok HTTP/1.1\r\n\r\n")) == 200);
    }

    @Test
    void chunkedBodiesAreRefusedWith501() throws IOException {
        started();
        String r = RawHttp.exchange(dir().socketFile(),
                "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertEquals(501, RawHttp.status(r), r);
    }

    @Test
    void aHandlerExceptionIs500AndTheServerKeepsServing() throws IOException {
        started();
        String r = RawHttp.exchange(dir().socketFile(), "GET /boom HTTP/1.1\r\n\r\n");
        assertEquals(500, RawHttp.status(r), r);
        assertTrue(RawHttp.body(r).contains("handler bug"), r);
        assertEquals(200, RawHttp.status(RawHttp.exchange(dir().socketFile(), "GET /ok HTTP/1.1\r\n\r\n")));
    }

    @Test
    void anIdleConnectionIsAnswered408AfterTheTimeout() throws IOException {
        started(HttpLimits.DEFAULT.withIoTimeout(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        String r = RawHttp.exchange(dir().socketFile(),
                "GET /v1/units HTTP/1.1\r\nHost: slow".getBytes(StandardCharsets.ISO_8859_1), false);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(408, RawHttp.status(r), r);
        assertTrue(elapsedMs >= 250, "answered after " + elapsedMs + " ms");
        String silent = RawHttp.exchange(dir().socketFile(), new byte[0], false);
        assertEquals(408, RawHttp.status(silent), silent);
        assertEquals(200, RawHttp.status(RawHttp.exchange(dir().socketFile(), "GET /ok HTTP/1.1\r\n\r\n")));
    }

    @Test
    void curlCanTalkToIt() throws Exception {
        assumeTrue(Curl.available(), "curl is not installed");
        started();
        Curl.Result r = Curl.run(List.of(), dir().socketFile(), "-X", "POST", "-H", "Content-Type: application/json",
                "-d", "{\"signal\":\"HUP\"}", "http://hsu/v1/units/web/signal");
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"signal\":\"HUP\"}", JSON.readTree(r.body()).get("body").asText());
    }

    @Test
    void aSecondServerOnTheSameDirectoryRefusesNamingThePid() throws IOException {
        started();
        ControlServer second = new ControlServer(dir(), ECHO, HttpLimits.DEFAULT);
        MasterAlreadyRunningException e = assertThrows(MasterAlreadyRunningException.class, second::start);
        assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        assertTrue(e.getMessage().contains(dir().toString()), e.getMessage());
        // the first one is untouched
        assertEquals(200, RawHttp.status(RawHttp.exchange(dir().socketFile(), "GET /ok HTTP/1.1\r\n\r\n")));
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir().pidFile()));
    }

    @Test
    void aLiveSocketWithoutAPidLockAlsoRefuses() throws IOException {
        dir().ensureExists();
        Files.writeString(dir().pidFile(), "4242\n");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(dir().socketFile()));
            ControlServer second = new ControlServer(dir(), ECHO, HttpLimits.DEFAULT);
            MasterAlreadyRunningException e = assertThrows(MasterAlreadyRunningException.class, second::start);
            assertTrue(e.getMessage().contains("pid 4242"), e.getMessage());
            assertTrue(Files.exists(dir().socketFile()));
            assertEquals("4242\n", Files.readString(dir().pidFile()));
        }
    }

    @Test
    void aStaleSocketFromACrashedMasterIsReplaced() throws IOException {
        dir().ensureExists();
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(dir().socketFile()));
        }
        assertTrue(Files.exists(dir().socketFile()), "closing a channel leaves its socket file behind");
        started();
        assertEquals(200, RawHttp.status(RawHttp.exchange(dir().socketFile(), "GET /ok HTTP/1.1\r\n\r\n")));
    }

    @Test
    void aStateDirectoryOfAnotherUserIsRefused() throws IOException {
        assumeTrue(CurrentUser.uid() == 0, "needs root to chown");
        Path foreign = Files.createDirectory(tmp.resolve("foreign"));
        Files.setAttribute(foreign, "unix:uid", 65534);
        ControlServer s = new ControlServer(new StateDirectory(foreign), ECHO, HttpLimits.DEFAULT);
        IOException e = assertThrows(IOException.class, s::start);
        assertTrue(e.getMessage().contains("belongs to uid 65534"), e.getMessage());
    }

    @Test
    void aPeerOfAnotherUidIsRefusedWith403() throws Exception {
        assumeTrue(CurrentUser.uid() == 0, "needs root to run curl as another user");
        assumeTrue(Curl.available(), "curl is not installed");
        assumeTrue(Path.of("/usr/sbin/runuser").toFile().canExecute() || Path.of("/sbin/runuser").toFile().canExecute(),
                "runuser is not installed");
        started();
        // open every door the file system has, so only the uid check stands in the way
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(dir().path(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(dir().socketFile(), PosixFilePermissions.fromString("rw-rw-rw-"));
        Curl.Result r = Curl.run(List.of("runuser", "-u", "nobody", "--"), dir().socketFile(),
                "http://hsu/v1/units");
        assertEquals(403, r.status(), r.body());
        assertTrue(JSON.readTree(r.body()).get("error").asText().contains("user nobody may not use"), r.body());
        // the owner still gets in
        Curl.Result mine = Curl.run(List.of(), dir().socketFile(), "http://hsu/v1/units");
        assertEquals(200, mine.status(), mine.body());
    }
}

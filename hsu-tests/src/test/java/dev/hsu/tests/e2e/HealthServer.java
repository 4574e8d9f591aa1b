package dev.hsu.tests.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port) whose {@code /health} answers 200 "ok" or
 * 500 "down" as the test switches it, counting each kind of answer.
 */
final class HealthServer implements AutoCloseable {
    final AtomicBoolean healthy = new AtomicBoolean(true);
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    private final HttpServer server;

    HealthServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            boolean up = healthy.get();
            (up ? ok : failed).incrementAndGet();
            byte[] body = (up ? "ok" : "down").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(up ? 200 : 500, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

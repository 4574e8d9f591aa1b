package dev.hsu.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hsu.app.config.MetricsListen;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional plain-HTTP listener of {@code master.metrics_listen}: {@code GET /metrics} answers
 * {@link PrometheusMetrics#render()}; everything else is 404 (405 for another method). No
 * authentication, so it binds loopback unless told otherwise. Requests run on virtual threads.
 *
 * <p>Thread-safety: {@code start} and {@code close} are synchronized; close is idempotent.
 */
public final class MetricsListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsListener.class);

    private final MetricsListen where;
    private final PrometheusMetrics metrics;
    private HttpServer server;

    public MetricsListener(MetricsListen where, PrometheusMetrics metrics) {
        this.where = Objects.requireNonNull(where, "where");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Binds and serves.
     *
     * @throws IOException naming the address when it cannot be bound
     */
    public synchronized void start() throws IOException {
        try {
            server = HttpServer.create(where.address(), 16);
        } catch (IOException e) {
            throw new IOException("cannot listen for metrics on " + where + " (master.metrics_listen): " + e.getMessage()
                    + "; choose another port or remove metrics_listen", e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        LOG.info("metrics listening on http://{}/metrics", address());
    }

    /** The bound address (the real port when 0 was asked for). */
    public synchronized InetSocketAddress address() {
        return server == null ? where.address() : server.getAddress();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            if (!path.equals("/metrics")) {
                reply(x, 404, "text/plain; charset=utf-8", "not found; metrics are at /metrics\n");
            } else if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
                x.getResponseHeaders().add("Allow", "GET, HEAD");
                reply(x, 405, "text/plain; charset=utf-8", "use GET\n");
            } else {
                reply(x, 200, PrometheusMetrics.CONTENT_TYPE, metrics.render());
            }
        } catch (RuntimeException e) {
            LOG.warn("serving metrics failed", e);
        }
    }

    private static void reply(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}

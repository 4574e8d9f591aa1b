package dev.hsu.core.health;

import dev.hsu.core.unit.HealthCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An http check: one request with the check's method and headers, healthy on any 2xx (or on
 * exactly {@code expect_status}), and, with {@code expect_body}, when the first
 * {@value #BODY_LIMIT} bytes of the body contain that text. The request's timeout covers the
 * connection and the response headers; the body is read within the same deadline.
 *
 * <p>Thread-safety: immutable; the shared {@link HttpClient} is thread-safe.
 */
public final class HttpCheck implements CheckAttempt {
    /** The most of a body read to look for {@code expect_body}, in bytes. */
    public static final int BODY_LIMIT = 64 * 1024;

    private final HttpClient client;
    private final HealthCheck check;
    private final URI uri;

    public HttpCheck(HttpClient client, HealthCheck check) {
        this.client = client;
        this.check = check;
        this.uri = URI.create(check.url());
    }

    @Override
    public CheckResult run() throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(check.timeout())
                .method(check.method() == null ? "GET" : check.method(), HttpRequest.BodyPublishers.noBody());
        check.headers().forEach(b::header);
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                int status = r.statusCode();
                boolean statusOk = check.expectStatus() != null ? status == check.expectStatus()
                        : status >= 200 && status < 300;
                if (!statusOk) {
                    return CheckResult.failed("HTTP " + status + " from " + uri
                            + (check.expectStatus() != null ? " (expected " + check.expectStatus() + ")" : ""));
                }
                if (check.expectBody() != null) {
                    String text = read(body, started);
                    if (!text.contains(check.expectBody())) {
                        return CheckResult.failed("HTTP " + status + " from " + uri + " without '"
                                + check.expectBody() + "' in its body");
                    }
                }
                return CheckResult.ok("HTTP " + status);
            }
        } catch (HttpTimeoutException e) {
            return CheckResult.failed("no answer from " + uri + " within " + format(check.timeout()));
        } catch (ConnectException e) {
            return CheckResult.failed("cannot connect to " + uri + ": " + (e.getMessage() == null
                    ? "connection refused" : e.getMessage()));
        } catch (IOException e) {
            return CheckResult.failed("request to " + uri + " failed: " + e);
        }
    }

    /** The body's first {@link #BODY_LIMIT} bytes, read until the check's deadline. */
    private String read(InputStream body, long startedNanos) throws IOException {
        byte[] buf = new byte[BODY_LIMIT];
        int n = 0;
        long deadline = startedNanos + check.timeout().toNanos();
        while (n < buf.length && System.nanoTime() < deadline) {
            int r = body.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}

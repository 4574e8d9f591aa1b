package dev.hsu.app.control.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds one connection must stay within. Immutable.
 *
 * @param maxHeadBytes request line plus headers, in bytes (431 beyond)
 * @param maxBodyBytes request body, in bytes (413 beyond)
 * @param ioTimeout how long the client may take to send a complete request, and separately to
 *     take the response; an idle or slow connection is then answered 408 (or dropped)
 * @param maxConnections connections served at once; as many more are answered 503, any beyond
 *     that are closed unanswered
 */
public record HttpLimits(int maxHeadBytes, int maxBodyBytes, Duration ioTimeout, int maxConnections) {

    /** 8 KiB of head, 64 KiB of body, 10 s to send a request, 64 connections. */
    public static final HttpLimits DEFAULT = new HttpLimits(8 * 1024, 64 * 1024, Duration.ofSeconds(10), 64);

    public HttpLimits {
        if (maxHeadBytes < 64 || maxBodyBytes < 0 || maxConnections < 1) {
            throw new IllegalArgumentException("invalid HTTP limits: head " + maxHeadBytes + " B, body "
                    + maxBodyBytes + " B, " + maxConnections + " connections");
        }
        Objects.requireNonNull(ioTimeout, "ioTimeout");
        if (ioTimeout.isNegative() || ioTimeout.isZero()) {
            throw new IllegalArgumentException("ioTimeout must be positive: " + ioTimeout);
        }
    }

    /** The same limits with another I/O timeout. */
    public HttpLimits withIoTimeout(Duration timeout) {
        return new HttpLimits(maxHeadBytes, maxBodyBytes, timeout, maxConnections);
    }
}

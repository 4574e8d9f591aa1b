package dev.hsu.core.health;

import dev.hsu.core.unit.HealthCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;

/**
 * A tcp check: healthy when a connection to {@code address:port} is accepted within the timeout;
 * the connection is closed at once.
 *
 * <p>Thread-safety: immutable.
 */
public final class TcpCheck implements CheckAttempt {
    private final HealthCheck check;

    public TcpCheck(HealthCheck check) {
        this.check = check;
    }

    @Override
    public CheckResult run() {
        String host = check.address() == null ? "127.0.0.1" : check.address();
        String target = host + ":" + check.port();
        try (SocketChannel channel = SocketChannel.open()) {
            // The adaptor's timed connect parks a virtual thread instead of pinning a carrier.
            channel.socket().connect(new InetSocketAddress(host, check.port()),
                    (int) Math.max(1, Math.min(Integer.MAX_VALUE, check.timeout().toMillis())));
            return CheckResult.ok("connected to " + target);
        } catch (SocketTimeoutException e) {
            return CheckResult.failed("no connection to " + target + " within " + HttpCheck.format(check.timeout()));
        } catch (IOException | RuntimeException e) {
            return CheckResult.failed("cannot connect to " + target + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}

package dev.hsu.app.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where the optional plain-HTTP metrics listener binds ({@code master.metrics_listen}): a host and
 * a port. Forms: {@code 9273} and {@code :9273} (loopback, 127.0.0.1), {@code 127.0.0.1:9273},
 * {@code [::1]:9273}, {@code 0.0.0.0:9273} (every interface: anyone who can reach it reads the
 * metrics). Port 0 takes a free port. Immutable.
 *
 * @param host the address to bind; never null
 * @param port 0..65535
 */
public record MetricsListen(String host, int port) {
    public static final String LOOPBACK = "127.0.0.1";

    public MetricsListen {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
    }

    /**
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static MetricsListen parse(String text) {
        String t = text.strip();
        String host = LOOPBACK;
        String port = t;
        int colon = t.lastIndexOf(':');
        if (colon >= 0) {
            host = t.substring(0, colon).strip();
            port = t.substring(colon + 1).strip();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:9273");
            }
            if (host.isEmpty()) {
                host = LOOPBACK;
            }
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("'" + text + "' has no valid port (0-65535); use e.g. 9273, "
                    + "127.0.0.1:9273 or [::1]:9273");
        }
        return new MetricsListen(host, Integer.parseInt(port));
    }

    /** True when it binds a loopback address only. */
    public boolean isLoopback() {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

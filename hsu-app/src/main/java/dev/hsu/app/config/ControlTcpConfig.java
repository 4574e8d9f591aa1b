package dev.hsu.app.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code master.control_tcp} section: an opt-in TCP listener serving the control API beside
 * the Unix socket, for clients that cannot reach the socket. Every request must carry
 * {@code Authorization: Bearer <token>}, the token being the content of {@code token_file}
 * (surrounding whitespace ignored).
 *
 * <pre>{@code
 * master:
 *   control_tcp:
 *     listen: 127.0.0.1:7070     # host:port; a port alone means 127.0.0.1
 *     token_file: /etc/hsu/token
 * }</pre>
 *
 * <p>The traffic is plain HTTP: keep it on loopback (the default) or behind a TLS proxy.
 *
 * @param address where to listen, resolved; port 0 picks a free port (logged at start)
 * @param listen the {@code listen} value as written, for messages
 * @param tokenFile absolute path of the file holding the token
 */
public record ControlTcpConfig(InetSocketAddress address, String listen, Path tokenFile) {

    /** The host used when {@code listen} gives only a port. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public ControlTcpConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tokenFile, "tokenFile");
    }

    /** True when only this machine can connect. */
    public boolean loopback() {
        InetAddress a = address.getAddress();
        return a != null && a.isLoopbackAddress();
    }
}

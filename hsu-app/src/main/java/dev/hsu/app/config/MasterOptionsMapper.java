package dev.hsu.app.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Maps the {@code master:} keys that concern operating the master (rather than its units):
 * {@code control_tcp} and {@code on_crash}. Stateless.
 */
final class MasterOptionsMapper {
    static final List<String> CONTROL_TCP_KEYS = List.of("listen", "token_file");

    private MasterOptionsMapper() {
    }

    /** {@code master.control_tcp}, or null when absent or wrong (the problem is recorded). */
    static ControlTcpConfig controlTcp(Section master, Path baseDirectory) {
        Section tcp = master.section("control_tcp");
        if (tcp == null) {
            return null;
        }
        tcp.checkKeys(CONTROL_TCP_KEYS);
        String listen = tcp.text("listen");
        Path tokenFile = tcp.path("token_file", baseDirectory);
        if (listen == null && !tcp.has("listen")) {
            tcp.error("listen", "is missing; give host:port, e.g. listen: 127.0.0.1:7070");
        }
        if (tokenFile == null && !tcp.has("token_file")) {
            tcp.error("token_file", "is missing: the TCP listener requires a bearer token; put a long random "
                    + "token in a file only you can read (e.g. head -c 32 /dev/urandom | base64 > token) and name it");
        }
        InetSocketAddress address = listen == null ? null : address(tcp, listen.strip());
        if (tokenFile != null && !Files.isReadable(tokenFile)) {
            tcp.error("token_file", (Files.exists(tokenFile) ? "cannot be read: " : "no such file: ") + tokenFile
                    + "; create it with the token, readable by the user running hsu");
            tokenFile = null;
        }
        if (address == null || tokenFile == null) {
            return null;
        }
        ControlTcpConfig config = new ControlTcpConfig(address, listen.strip(), tokenFile);
        if (!config.loopback()) {
            tcp.warning("listen", "listens beyond this machine (" + listen.strip() + "): the API is plain HTTP, so "
                    + "the token crosses the network readable; prefer 127.0.0.1 behind a TLS proxy or an SSH tunnel");
        }
        return config;
    }

    private static InetSocketAddress address(Section tcp, String listen) {
        String host = ControlTcpConfig.DEFAULT_HOST;
        String port = listen;
        int colon = listen.lastIndexOf(':');
        if (colon >= 0) {
            host = listen.substring(0, colon);
            port = listen.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = ControlTcpConfig.DEFAULT_HOST;
            }
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number > 65535) {
            tcp.error("listen", "'" + listen + "' has no valid port (0..65535); write host:port, e.g. 127.0.0.1:7070");
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), number);
        } catch (UnknownHostException e) {
            tcp.error("listen", "unknown host '" + host + "'; use an IP address such as 127.0.0.1");
            return null;
        }
    }

    /** {@code master.on_crash}: true for {@code keep-units}, false for {@code kill-units} (the default). */
    static boolean keepUnitsOnCrash(Section master) {
        String text = master.text("on_crash");
        if (text == null) {
            return false;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "kill-units" -> false;
            case "keep-units" -> true;
            default -> {
                master.error("on_crash", "must be kill-units (a master that dies takes its units with it) or "
                        + "keep-units (they keep running for the next master to re-attach), got '" + text + "'");
                yield false;
            }
        };
    }
}

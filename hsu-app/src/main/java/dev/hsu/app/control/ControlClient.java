package dev.hsu.app.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Talks to a master's control API over its Unix domain socket: one request per connection.
 * Thread-safe (it keeps no connection between calls).
 *
 * <pre>{@code
 * ControlClient client = new ControlClient(StateDirectory.resolve(null));
 * ControlResponse units = client.send("GET", "/v1/units", null);
 * }</pre>
 */
public final class ControlClient {

    /** Longer than any bounded wait of the server, so the server's 504 normally arrives first. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateDirectory directory;
    private final Duration timeout;

    public ControlClient(StateDirectory directory) {
        this(directory, DEFAULT_TIMEOUT);
    }

    /**
     * @param timeout how long one exchange may take in all before the connection is abandoned
     */
    public ControlClient(StateDirectory directory, Duration timeout) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public StateDirectory directory() {
        return directory;
    }

    /**
     * Sends one request and reads the whole answer.
     *
     * @param method e.g. {@code GET}
     * @param path e.g. {@code /v1/units/web}, already percent-encoded where needed
     * @param body a value to send as JSON, or null for no body
     * @throws MasterNotRunningException when no master listens on the socket
     * @throws IOException when the exchange fails or the answer is not HTTP + JSON
     */
    public ControlResponse send(String method, String path, Object body) throws IOException {
        byte[] payload = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        return parse(exchange(method, path, payload), method, path);
    }

    /**
     * Sends a {@code GET} and returns the body as text, whatever its type (e.g. the Prometheus
     * text of {@code /metrics}).
     *
     * @throws IOException as {@link #send}, or when the answer is not 2xx (the message carries
     *     the master's error)
     */
    public String getText(String path) throws IOException {
        byte[] raw = exchange("GET", path, new byte[0]);
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (headEnd < 0) {
            throw new IOException("the HSU master's answer to GET " + path + " ended early");
        }
        String statusLine = new String(raw, 0, Math.min(headEnd, 64), StandardCharsets.ISO_8859_1);
        if (!statusLine.matches("HTTP/1\\.\\d 2\\d\\d(?s).*")) {
            throw new IOException(parse(raw, "GET", path).error());
        }
        return new String(raw, headEnd + 4, raw.length - headEnd - 4, StandardCharsets.UTF_8);
    }

    private byte[] exchange(String method, String path, byte[] payload) throws IOException {
        Path socket = directory.socketFile();
        if (!Files.exists(socket)) {
            throw new MasterNotRunningException(directory, null);
        }
        checkOwner(socket, CurrentUser.uid());
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (ConnectException refused) {
                throw new MasterNotRunningException(directory, refused);
            } catch (IOException e) {
                throw new IOException("cannot connect to the HSU control socket " + socket + ": " + e.getMessage()
                        + (e.getMessage() != null && e.getMessage().contains("ermission")
                        ? " (it belongs to another user; run hsu as that user or as root)" : ""), e);
            }
            java.nio.channels.Channel abandon = channel;
            // a blocking channel read has no timeout of its own; closing it ends the read
            Thread watchdog = Thread.ofVirtual().name("hsu-client-timeout").start(() -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(timeout.toMillis());
                    abandon.close();
                } catch (InterruptedException | IOException done) {
                    // the exchange finished first
                }
            });
            try {
                String head = method + " " + path + " HTTP/1.1\r\nHost: hsu\r\nAccept: application/json\r\n"
                        + "Connection: close\r\n"
                        + (payload.length > 0 ? "Content-Type: application/json\r\n" : "")
                        + "Content-Length: " + payload.length + "\r\n\r\n";
                ByteBuffer out = ByteBuffer.allocate(head.length() + payload.length);
                out.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(payload).flip();
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                return readAll(channel);
            } catch (java.nio.channels.AsynchronousCloseException e) {
                throw new IOException("the HSU master on " + directory + " did not answer " + method + " " + path
                        + " within " + timeout.toMillis() + " ms", e);
            } finally {
                watchdog.interrupt();
            }
        }
    }

    /**
     * Refuses a socket that belongs to neither the current user nor root: in a shared directory
     * such as {@code /tmp} it could be an impostor feeding the CLI false answers. Root may talk
     * to any user's master.
     *
     * @param me the current uid; -1 where there is none
     */
    static void checkOwner(Path socket, long me) throws IOException {
        if (me <= 0 || !socket.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return;
        }
        long owner = ((Number) Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        if (owner != me && owner != 0) {
            throw new IOException("the HSU control socket " + socket + " belongs to uid " + owner
                    + ", not to you (uid " + me + ") or root; refusing to trust it. Point --state-dir or "
                    + StateDirectory.ENV_VARIABLE + " at your master's state directory");
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        while (channel.read(buf) >= 0) {
            buf.flip();
            all.write(buf.array(), 0, buf.limit());
            buf.clear();
            if (all.size() > MAX_RESPONSE_BYTES) {
                throw new IOException("the HSU master's answer exceeds " + MAX_RESPONSE_BYTES + " bytes");
            }
        }
        return all.toByteArray();
    }

    private static ControlResponse parse(byte[] raw, String method, String path) throws IOException {
        String what = method + " " + path;
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (headEnd < 0) {
            throw new IOException("the HSU master's answer to " + what + " ended early ("
                    + raw.length + " bytes, no complete header)");
        }
        String head = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.") || !statusLine[1].matches("\\d{3}")) {
            throw new IOException("the answer to " + what + " is not HTTP: " + lines[0]);
        }
        int status = Integer.parseInt(statusLine[1]);
        int length = raw.length - headEnd - 4;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].toLowerCase(Locale.ROOT);
            if (line.startsWith("content-length:")) {
                String value = line.substring("content-length:".length()).strip();
                if (!value.matches("\\d{1,9}")) {
                    throw new IOException("the HSU master's answer to " + what + " has a malformed Content-Length: "
                            + value);
                }
                int announced = Integer.parseInt(value);
                if (announced > length) {
                    throw new IOException("the HSU master's answer to " + what + " was cut off after " + length
                            + " of " + announced + " body bytes");
                }
                length = announced;
            }
        }
        if (length == 0) {
            return new ControlResponse(status, MissingNode.getInstance());
        }
        JsonNode body;
        try {
            body = JSON.readTree(raw, headEnd + 4, length);
        } catch (IOException e) {
            throw new IOException("the HSU master's answer to " + what + " (HTTP " + status + ") is not JSON: "
                    + e.getMessage(), e);
        }
        return new ControlResponse(status, body);
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package dev.hsu.app.control.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.0 or 1.1 request from a channel, strictly and within {@link HttpLimits}: the
 * request line and headers must fit in {@code maxHeadBytes} (else 431), the body is sized by
 * {@code Content-Length} and must fit in {@code maxBodyBytes} (else 413, decided before reading
 * it); chunked bodies are refused (501). Anything malformed is a 400 naming what was wrong.
 * Stateless; one call per connection.
 */
final class RequestReader {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final HttpLimits limits;

    RequestReader(HttpLimits limits) {
        this.limits = limits;
    }

    /**
     * @param channel a blocking channel; written to only for an interim {@code 100 Continue}
     * @return the request, or null when the client closed the connection without sending a byte
     * @throws HttpProblem for a malformed or oversized request
     * @throws IOException when the channel fails
     */
    HttpRequest read(ByteChannel channel) throws HttpProblem, IOException {
        ByteBuffer buf = ByteBuffer.allocate(limits.maxHeadBytes());
        int headEnd = -1;
        int bodyStart = -1;
        int scanned = 0;
        while (headEnd < 0) {
            if (!buf.hasRemaining()) {
                throw new HttpProblem(431, "the request line and headers exceed the limit of "
                        + limits.maxHeadBytes() + " bytes");
            }
            int n = channel.read(buf);
            if (n < 0) {
                if (buf.position() == 0) {
                    return null;
                }
                throw new HttpProblem(400, "the connection ended before the request headers were complete"
                        + " (a blank line ends them)");
            }
            byte[] a = buf.array();
            for (int i = Math.max(0, scanned - 3); i < buf.position(); i++) {
                if (a[i] == '\n') {
                    if (i + 1 < buf.position() && a[i + 1] == '\n') {
                        headEnd = i;
                        bodyStart = i + 2;
                        break;
                    }
                    if (i + 2 < buf.position() && a[i + 1] == '\r' && a[i + 2] == '\n') {
                        headEnd = i;
                        bodyStart = i + 3;
                        break;
                    }
                }
            }
            scanned = buf.position();
        }
        if (headEnd > 0 && buf.array()[headEnd - 1] == '\r') {
            headEnd--;
        }
        String head = new String(buf.array(), 0, headEnd, StandardCharsets.ISO_8859_1);
        List<String> lines = List.of(head.split("\r?\n", -1));
        String[] requestLine = parseRequestLine(lines.getFirst());
        Map<String, String> headers = parseHeaders(lines.subList(1, lines.size()));

        int length = bodyLength(headers);
        byte[] body = new byte[length];
        int buffered = Math.min(length, buf.position() - bodyStart);
        System.arraycopy(buf.array(), bodyStart, body, 0, buffered);
        if (buffered < length) {
            expectContinue(headers, channel);
            ByteBuffer rest = ByteBuffer.wrap(body, buffered, length - buffered);
            while (rest.hasRemaining()) {
                if (channel.read(rest) < 0) {
                    throw new HttpProblem(400, "the request body ended after " + rest.position() + " of the "
                            + length + " bytes that Content-Length announced");
                }
            }
        }
        String target = requestLine[1];
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        List<String> segments = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segments.add(percentDecode(s));
            }
        }
        return new HttpRequest(requestLine[0], "/" + String.join("/", segments), segments,
                q < 0 ? Map.of() : parseQuery(target.substring(q + 1)), headers, body);
    }

    private static String[] parseRequestLine(String line) throws HttpProblem {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) {
            throw new HttpProblem(400, "malformed request line " + quote(line)
                    + "; expected METHOD SP /path SP HTTP/1.1");
        }
        if (!parts[0].matches("[A-Z]{1,20}")) {
            throw new HttpProblem(400, "malformed method " + quote(parts[0]) + " in the request line");
        }
        if (!parts[1].startsWith("/") || !parts[1].chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new HttpProblem(400, "malformed request target " + quote(parts[1])
                    + "; expected an absolute path such as /v1/units");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            if (parts[2].matches("HTTP/\\d(\\.\\d)?")) {
                throw new HttpProblem(505, "HTTP version " + parts[2] + " is not supported; use HTTP/1.1");
            }
            throw new HttpProblem(400, "malformed protocol version " + quote(parts[2]) + " in the request line");
        }
        return parts;
    }

    private static Map<String, String> parseHeaders(List<String> lines) throws HttpProblem {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                throw new HttpProblem(400, "folded header lines are not accepted: " + quote(line));
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpProblem(400, "malformed header line " + quote(line) + "; expected Name: value");
            }
            String name = line.substring(0, colon);
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new HttpProblem(400, "malformed header name " + quote(name));
            }
            String value = line.substring(colon + 1).strip();
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new HttpProblem(400, "control character in the value of header " + name);
            }
            String key = name.toLowerCase(Locale.ROOT);
            String previous = headers.get(key);
            if (previous != null && key.equals("content-length") && !previous.equals(value)) {
                throw new HttpProblem(400, "conflicting Content-Length headers: " + previous + " and " + value);
            }
            headers.put(key, previous == null || key.equals("content-length") ? value : previous + ", " + value);
        }
        return headers;
    }

    private int bodyLength(Map<String, String> headers) throws HttpProblem {
        if (headers.containsKey("transfer-encoding")) {
            throw new HttpProblem(501, "Transfer-Encoding " + headers.get("transfer-encoding")
                    + " is not supported; send the body with a Content-Length");
        }
        String value = headers.get("content-length");
        if (value == null) {
            return 0;
        }
        if (!value.matches("\\d{1,18}")) {
            throw new HttpProblem(400, "malformed Content-Length " + quote(value));
        }
        long length = Long.parseLong(value);
        if (length > limits.maxBodyBytes()) {
            throw new HttpProblem(413, "the request body of " + length + " bytes exceeds the limit of "
                    + limits.maxBodyBytes() + " bytes");
        }
        return (int) length;
    }

    private static void expectContinue(Map<String, String> headers, ByteChannel channel)
            throws HttpProblem, IOException {
        String expect = headers.get("expect");
        if (expect == null) {
            return;
        }
        if (!expect.equalsIgnoreCase("100-continue")) {
            throw new HttpProblem(417, "unsupported expectation " + quote(expect));
        }
        ByteBuffer out = ByteBuffer.wrap(CONTINUE);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    private static Map<String, String> parseQuery(String query) throws HttpProblem {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new HttpProblem(400, "malformed query parameter " + quote(pair) + ": " + e.getMessage());
            }
        }
        return params;
    }

    /** Decodes {@code %XX} escapes as UTF-8; unlike URLDecoder it leaves {@code +} alone. */
    private static String percentDecode(String segment) throws HttpProblem {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i + 2 >= segment.length()) {
                throw new HttpProblem(400, "truncated percent escape in path segment " + quote(segment));
            }
            int hi = Character.digit(segment.charAt(i + 1), 16);
            int lo = Character.digit(segment.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw new HttpProblem(400, "malformed percent escape in path segment " + quote(segment));
            }
            out.write(hi << 4 | lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Quotes text for an error message, shortened and with control characters escaped. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        int max = Math.min(text.length(), 100);
        for (int i = 0; i < max; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (text.length() > max) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}

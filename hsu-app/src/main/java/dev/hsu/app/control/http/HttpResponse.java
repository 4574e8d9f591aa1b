package dev.hsu.app.control.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A complete response: status, content type and body. Immutable.
 *
 * @param status the HTTP status code
 * @param contentType the media type of the body
 * @param body the body bytes, never null
 * @param headers extra response headers, e.g. {@code Allow}; never null
 * @param afterSent run once on the connection's thread after the response was written (or failed
 *     to be written), e.g. to start a shutdown only when the client has its answer; null for none
 */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers,
                           Runnable afterSent) {

    public static final String JSON = "application/json";

    public HttpResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** A JSON response from already serialized bytes. */
    public static HttpResponse json(int status, byte[] json) {
        return new HttpResponse(status, JSON, json, Map.of(), null);
    }

    /** The same response, running {@code action} after it was sent. */
    public HttpResponse thenRun(Runnable action) {
        return new HttpResponse(status, contentType, body, headers, action);
    }

    /** The same response with one more header. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, contentType, body, more, afterSent);
    }

    /** The bytes on the wire: status line, headers ({@code Connection: close}) and body. */
    byte[] encode() {
        StringBuilder extra = new StringBuilder();
        headers.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
        String head = "HTTP/1.1 " + status + " " + HttpStatus.reason(status) + "\r\n"
                + extra
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "Connection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}

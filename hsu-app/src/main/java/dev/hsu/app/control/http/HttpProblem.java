package dev.hsu.app.control.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server answers with an error status and a JSON reason, e.g. 400 for a malformed
 * request line or 404 for an unknown unit. Thrown by the request reader and by handlers.
 */
public final class HttpProblem extends Exception {

    private final int status;
    private final Map<String, Object> details;
    private final Map<String, String> headers;

    /**
     * @param status the HTTP status, 4xx or 5xx
     * @param message the reason, a sentence for a human
     */
    public HttpProblem(int status, String message) {
        this(status, message, Map.of());
    }

    /**
     * @param details extra JSON fields, e.g. {@code known_units}; insertion order is kept
     */
    public HttpProblem(int status, String message, Map<String, Object> details) {
        this(status, message, details, Map.of());
    }

    /**
     * @param headers extra response headers, e.g. {@code Allow} for a 405
     */
    public HttpProblem(int status, String message, Map<String, Object> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.details = new LinkedHashMap<>(details);
        this.headers = Map.copyOf(headers);
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    /** The JSON body: {@code {"status":..., "error":..., ...details}}. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", getMessage());
        body.putAll(details);
        return body;
    }
}

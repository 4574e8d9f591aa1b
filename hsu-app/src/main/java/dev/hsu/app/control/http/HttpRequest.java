package dev.hsu.app.control.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One parsed HTTP/1.x request. Immutable (the body array is the reader's private copy and is not
 * modified afterwards).
 *
 * @param method the method token, e.g. {@code GET}
 * @param path the percent-decoded path, e.g. {@code /v1/units/web}
 * @param segments the decoded, non-empty path segments, e.g. {@code [v1, units, web]}
 * @param query the decoded query parameters (the first value of each name wins)
 * @param headers header values keyed by lower-case name (repeated headers joined by {@code ", "})
 * @param body the body bytes, empty when there is none
 */
public record HttpRequest(String method, String path, List<String> segments, Map<String, String> query,
                          Map<String, String> headers, byte[] body) {

    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        segments = List.copyOf(segments);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** A header by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** True when the request carries a non-blank body. */
    public boolean hasBody() {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return true;
            }
        }
        return false;
    }
}

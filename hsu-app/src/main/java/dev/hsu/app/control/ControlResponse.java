package dev.hsu.app.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A control API answer. Immutable.
 *
 * @param status the HTTP status code
 * @param body the parsed JSON body; a {@code MissingNode} when the body was empty
 */
public record ControlResponse(int status, JsonNode body) {

    public ControlResponse {
        Objects.requireNonNull(body, "body");
    }

    /** True for a 2xx status. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The {@code error} field of an error body, or a generic sentence when there is none. */
    public String error() {
        JsonNode error = body.get("error");
        return error != null && error.isTextual() ? error.asText() : "the HSU master answered HTTP " + status;
    }
}

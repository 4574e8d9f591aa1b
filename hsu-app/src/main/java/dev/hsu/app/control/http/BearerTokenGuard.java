package dev.hsu.app.control.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Lets through only requests that carry {@code Authorization: Bearer <token>} with the expected
 * token; any other is answered 401 with {@code WWW-Authenticate: Bearer realm="hsu"}, before the
 * wrapped handler sees it. For the control API's TCP listener, where no peer credentials exist.
 *
 * <p>The comparison is in constant time: both tokens are hashed with SHA-256 and the digests
 * compared with {@link MessageDigest#isEqual}, so neither the position of the first wrong
 * character nor the expected token's length shows in the answer time.
 *
 * <p>Thread-safety: immutable; safe for concurrent requests.
 */
public final class BearerTokenGuard implements RequestHandler {

    private static final String SCHEME = "bearer ";
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"hsu\"");

    private final byte[] expectedDigest;
    private final RequestHandler next;

    /**
     * @param token the expected token; not blank
     * @param next what answers authenticated requests
     */
    public BearerTokenGuard(String token, RequestHandler next) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
        this.expectedDigest = sha256(token);
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws HttpProblem {
        String header = request.header("Authorization").orElse(null);
        if (header == null) {
            throw new HttpProblem(401, "this listener needs a bearer token: send the header 'Authorization: Bearer "
                    + "<token>' with the token of master.control_tcp.token_file", Map.of(), CHALLENGE);
        }
        boolean bearer = header.length() > SCHEME.length()
                && header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME);
        String given = bearer ? header.substring(SCHEME.length()).strip() : "";
        // hashed even when the scheme is wrong, so that the answer time tells nothing
        boolean match = MessageDigest.isEqual(expectedDigest, sha256(given));
        if (!bearer || !match) {
            throw new HttpProblem(401, "the bearer token is wrong; use the token of master.control_tcp.token_file",
                    Map.of(), CHALLENGE);
        }
        return next.handle(request);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}

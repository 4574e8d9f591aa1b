package dev.hsu.app.control.http;

/**
 * Answers one request. Called on the connection's virtual thread, possibly by many connections at
 * once, so implementations are thread-safe. May block (e.g. until a unit stopped).
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * @return the response, never null
     * @throws HttpProblem for a request that deserves an error status
     */
    HttpResponse handle(HttpRequest request) throws HttpProblem;
}

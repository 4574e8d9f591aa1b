package dev.hsu.app.control;

import dev.hsu.app.control.http.HttpProblem;
import dev.hsu.app.control.http.JsonWriter;
import dev.hsu.app.control.http.HttpRequest;
import dev.hsu.app.control.http.HttpResponse;
import dev.hsu.app.control.http.RequestHandler;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The control API's operations on the master as a whole, in front of {@link ControlApi}:
 * {@code POST /v1/reload} and {@code POST /v1/shutdown?keep_units=true}; every other request goes
 * on to the next handler. See API.md. Thread-safe.
 */
final class OperationsApi implements RequestHandler {

    private final MasterOperations operations;
    private final RequestHandler next;

    OperationsApi(MasterOperations operations, RequestHandler next) {
        this.operations = Objects.requireNonNull(operations, "operations");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws HttpProblem {
        List<String> s = request.segments();
        if (s.size() == 2 && s.get(0).equals("v1") && s.get(1).equals("reload")) {
            requirePost(request);
            return answer(operations.reload());
        }
        if (s.size() == 2 && s.get(0).equals("v1") && s.get(1).equals("shutdown") && keepUnits(request)) {
            requirePost(request);
            return answer(operations.shutdownKeepingUnits());
        }
        return next.handle(request);
    }

    private static boolean keepUnits(HttpRequest request) throws HttpProblem {
        String value = request.query().get("keep_units");
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new HttpProblem(400, "keep_units must be true or false, got '" + value + "'");
        };
    }

    private static void requirePost(HttpRequest request) throws HttpProblem {
        if (!request.method().equals("POST")) {
            throw new HttpProblem(405, request.method() + " is not allowed on " + request.path() + "; use POST",
                    Map.of("allowed", List.of("POST")), Map.of("Allow", "POST"));
        }
    }

    private static HttpResponse answer(MasterOperations.Answer a) {
        HttpResponse response = HttpResponse.json(a.status(), JsonWriter.write(a.body()));
        return a.afterSent() == null ? response : response.thenRun(a.afterSent());
    }
}

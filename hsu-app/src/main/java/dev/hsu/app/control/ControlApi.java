package dev.hsu.app.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsu.app.control.http.HttpProblem;
import dev.hsu.app.control.http.JsonTree;
import dev.hsu.app.control.http.JsonWriter;
import dev.hsu.app.control.http.HttpRequest;
import dev.hsu.app.control.http.HttpResponse;
import dev.hsu.app.control.http.RequestHandler;
import dev.hsu.app.metrics.PrometheusMetrics;
import dev.hsu.core.Master;
import dev.hsu.core.OutputStream;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.UnknownUnitException;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.spi.Signal;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The control API's routes over a {@link Master}; see API.md beside this class for the contract.
 * Thread-safe: each request runs on its connection's virtual thread and only calls the master's
 * thread-safe methods.
 */
final class ControlApi implements RequestHandler {

    /** The endpoints, as a 404 lists them. */
    static final List<String> ENDPOINTS = List.of(
            "GET /v1/units",
            "GET /v1/units/{name}",
            "POST /v1/units/{name|all}/start",
            "POST /v1/units/{name|all}/stop",
            "POST /v1/units/{name|all}/restart",
            "POST /v1/units/{name|all}/signal  body {\"signal\":\"HUP\"} or ?signal=HUP",
            "GET /v1/units/{name}/describe",
            "GET /v1/units/{name}/logs",
            "POST /v1/shutdown",
            "GET /metrics");

    /** The name that makes start/stop/restart/signal act on every unit. */
    static final String ALL = "all";


    private final Master master;
    private final Runnable onShutdownRequest;
    private final ControlOptions options;
    private final AtomicBoolean shutdownRequested = new AtomicBoolean();
    private final UsageSampler sampler;
    private final EventHistory history = new EventHistory();
    private final PrometheusMetrics metrics;

    ControlApi(Master master, Runnable onShutdownRequest, ControlOptions options) {
        this.master = Objects.requireNonNull(master, "master");
        this.onShutdownRequest = Objects.requireNonNull(onShutdownRequest, "onShutdownRequest");
        this.options = Objects.requireNonNull(options, "options");
        this.sampler = new UsageSampler(master);
        this.metrics = new PrometheusMetrics(master, sampler,
                ProcessHandle.current().info().startInstant().orElseGet(Instant::now));
        master.subscribe(history);
    }

    /** The metrics this API serves, for other listeners of the same master. */
    PrometheusMetrics metrics() {
        return metrics;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws HttpProblem {
        List<String> s = request.segments();
        if (s.size() == 1 && s.get(0).equals("metrics") || s.size() == 2 && s.get(0).equals("v1")
                && s.get(1).equals("metrics")) {
            requireMethod(request, "GET");
            return new HttpResponse(200, PrometheusMetrics.CONTENT_TYPE,
                    metrics.render().getBytes(StandardCharsets.UTF_8), Map.of(), null);
        }
        if (s.size() >= 2 && s.get(0).equals("v1")) {
            if (s.size() == 2 && s.get(1).equals("units")) {
                requireMethod(request, "GET");
                return json(200, views(master.statuses()));
            }
            if (s.size() == 3 && s.get(1).equals("units")) {
                requireMethod(request, "GET");
                return json(200, UnitView.of(known(s.get(2)), Instant.now(), sampler));
            }
            if (s.size() == 4 && s.get(1).equals("units") && s.get(3).equals("describe")) {
                requireMethod(request, "GET");
                return json(200, describe(s.get(2)));
            }
            if (s.size() == 4 && s.get(1).equals("units") && s.get(3).equals("logs")) {
                requireMethod(request, "GET");
                return json(200, logs(s.get(2)));
            }
            if (s.size() == 4 && s.get(1).equals("units")) {
                String name = s.get(2);
                switch (s.get(3)) {
                    case "start" -> {
                        requireMethod(request, "POST");
                        return transition(name, Action.START);
                    }
                    case "stop" -> {
                        requireMethod(request, "POST");
                        return transition(name, Action.STOP);
                    }
                    case "restart" -> {
                        requireMethod(request, "POST");
                        return transition(name, Action.RESTART);
                    }
                    case "signal" -> {
                        requireMethod(request, "POST");
                        return signal(name, request);
                    }
                    default -> { }
                }
            }
            if (s.size() == 2 && s.get(1).equals("shutdown")) {
                requireMethod(request, "POST");
                return shutdown();
            }
        }
        throw new HttpProblem(404, "no endpoint " + request.method() + " " + request.path(),
                Map.of("endpoints", ENDPOINTS));
    }

    private enum Action {
        START("start"), STOP("stop"), RESTART("restart");

        final String verb;

        Action(String verb) {
            this.verb = verb;
        }
    }

    private HttpResponse transition(String name, Action action) throws HttpProblem {
        boolean all = name.equals(ALL);
        List<String> names = all
                ? master.statuses().stream().map(UnitStatus::name).toList()
                : List.of(known(name).name());
        // every unit's transition runs at once; each waits within its own bound
        List<CompletableFuture<UnitView>> pending = new ArrayList<>();
        for (String unit : names) {
            pending.add(CompletableFuture.supplyAsync(() -> await(unit, action),
                    r -> Thread.ofVirtual().name("hsu-control-" + action.verb).start(r)));
        }
        List<UnitView> results = pending.stream().map(CompletableFuture::join).toList();
        boolean timedOut = results.stream().anyMatch(v -> v.error() != null && v.error().startsWith(TIMED_OUT));
        boolean failed = results.stream().anyMatch(v -> v.error() != null);
        int status = timedOut ? 504 : failed ? 409 : 200;
        return all ? json(status, results) : json(status, results.getFirst());
    }

    private static final String TIMED_OUT = "timed out";

    /** Runs one unit's transition and waits for it within its bound. Never throws. */
    private UnitView await(String unit, Action action) {
        Duration graceful = master.unit(unit).map(ManagedUnit::gracefulTimeout)
                .orElse(ManagedUnit.DEFAULT_GRACEFUL_TIMEOUT);
        Duration bound = switch (action) {
            case START -> options.startWait();
            case STOP -> graceful.plus(options.margin());
            case RESTART -> graceful.plus(options.margin()).plus(options.startWait());
        };
        CompletableFuture<UnitStatus> future;
        try {
            future = switch (action) {
                case START -> master.start(unit);
                case STOP -> master.stop(unit);
                case RESTART -> master.restart(unit);
            };
        } catch (RuntimeException e) {
            return current(unit).withError(action.verb + " of unit " + unit + " was refused: " + e.getMessage());
        }
        UnitStatus outcome;
        try {
            outcome = future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            UnitView now = current(unit);
            return now.withError(TIMED_OUT + ": unit " + unit + " is still " + now.state() + " after "
                    + bound.toMillis() + " ms of " + action.verb + "; the " + action.verb
                    + " goes on, check again with `hsu status " + unit + "`");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return current(unit).withError(action.verb + " of unit " + unit + " failed: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return current(unit).withError(action.verb + " of unit " + unit + " was interrupted");
        }
        UnitView view = UnitView.of(outcome, Instant.now());
        Predicate<UnitState> reached = action == Action.STOP ? ControlApi::isDown : ControlApi::isUp;
        // A start of a scheduled unit whose schedule was paused arms it: the unit runs at the next firing.
        boolean armed = action == Action.START && outcome.schedule() != null && !outcome.schedule().paused()
                && outcome.schedule().nextRun() != null;
        if (!armed && (!reached.test(outcome.state()) || action == Action.STOP && outcome.pid() >= 0)) {
            return view.withError(action.verb + " of unit " + unit + " ended in state " + outcome.state()
                    + (outcome.reason() == null ? "" : ": " + outcome.reason()));
        }
        return view;
    }

    private static boolean isUp(UnitState state) {
        return state == UnitState.RUNNING || state == UnitState.EXITED;
    }

    private static boolean isDown(UnitState state) {
        return switch (state) {
            case STOPPED, EXITED, FAILED, REGISTERED, BLOCKED -> true;
            case STARTING, RUNNING, STOPPING, BACKOFF, WAITING -> false;
        };
    }

    private HttpResponse signal(String name, HttpRequest request) throws HttpProblem {
        Signal signal = parseSignal(request);
        List<UnitStatus> targets = name.equals(ALL)
                ? master.statuses()
                : List.of(known(name));
        List<Map<String, Object>> signalled = new ArrayList<>();
        List<String> notRunning = new ArrayList<>();
        for (UnitStatus unit : targets) {
            if (unit.pid() < 0) {
                notRunning.add(unit.name());
                continue;
            }
            try {
                master.signal(unit.name(), signal);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("unit", unit.name());
                entry.put("pid", unit.pid());
                signalled.add(entry);
            } catch (UnknownUnitException e) {
                throw unknown(unit.name());
            } catch (UnsupportedCapabilityException e) {
                throw new HttpProblem(400, "cannot send " + signal.signalName() + " to unit " + unit.name()
                        + ": " + e.getMessage());
            } catch (IllegalStateException e) {
                notRunning.add(unit.name());
            }
        }
        if (!name.equals(ALL) && signalled.isEmpty()) {
            UnitStatus now = known(name);
            throw new HttpProblem(409, "unit " + name + " has no running process to send " + signal.signalName()
                    + " to (state " + now.state() + "); start it first", Map.of("unit", name));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signal", signal.signalName());
        body.put("signalled", signalled);
        body.put("not_running", notRunning);
        return json(202, body);
    }

    private static Signal parseSignal(HttpRequest request) throws HttpProblem {
        String text = request.query().get("signal");
        if (request.hasBody()) {
            JsonNode body;
            try {
                body = JsonTree.read(request.body());
            } catch (IOException e) {
                throw new HttpProblem(400, "malformed JSON body: " + firstLine(e.getMessage())
                        + "; expected {\"signal\":\"HUP\"}");
            }
            JsonNode field = body == null ? null : body.get("signal");
            if (field == null || !field.isTextual()) {
                throw new HttpProblem(400, "the JSON body needs a string field \"signal\", e.g. {\"signal\":\"HUP\"}");
            }
            text = field.asText();
        }
        if (text == null || text.isBlank()) {
            throw new HttpProblem(400, "name the signal in the body {\"signal\":\"HUP\"} or as ?signal=HUP");
        }
        String given = text;
        return Signal.parse(text).orElseThrow(() -> new HttpProblem(400, "unknown signal " + given,
                Map.of("signals", Arrays.stream(Signal.values()).map(Signal::name).toList())));
    }

    private HttpResponse shutdown() {
        boolean first = shutdownRequested.compareAndSet(false, true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", first ? "shutting down" : "already shutting down");
        body.put("pid", ProcessHandle.current().pid());
        HttpResponse response = json(202, body);
        // only once the client has its answer: the shutdown may close this very server
        return first
                ? response.thenRun(() -> Thread.ofPlatform().name("hsu-shutdown-request").start(onShutdownRequest))
                : response;
    }

    private UnitStatus known(String name) throws HttpProblem {
        return master.status(name).orElseThrow(() -> unknown(name));
    }

    private HttpProblem unknown(String name) {
        List<String> names = master.statuses().stream().map(UnitStatus::name).toList();
        return new HttpProblem(404, new UnknownUnitException(name, names).getMessage(),
                Map.of("unit", name, "known_units", names));
    }

    /** The unit's status now, or a placeholder if it was unregistered meanwhile. */
    private UnitView current(String unit) {
        return master.status(unit).map(s -> UnitView.of(s, Instant.now()))
                .orElseGet(() -> UnitView.vanished(unit, Instant.now()));
    }

    private List<UnitView> views(List<UnitStatus> statuses) {
        Instant now = Instant.now();
        return statuses.stream().map(s -> UnitView.of(s, now, sampler)).toList();
    }

    /** Definition, status with usage, output files and recent events of one unit. */
    private Map<String, Object> describe(String name) throws HttpProblem {
        UnitStatus status = known(name);
        ManagedUnit unit = master.unit(name).orElseThrow(() -> unknown(name));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", UnitView.of(status, Instant.now(), sampler));
        body.put("definition", UnitDefinition.of(unit));
        body.put("output", logs(name));
        List<Map<String, Object>> events = new ArrayList<>(history.recent(name));
        for (UnitStatus r : status.replicas()) {
            for (Map<String, Object> e : history.recent(r.name())) {
                Map<String, Object> tagged = new LinkedHashMap<>(e);
                tagged.put("replica", r.name());
                events.add(tagged);
            }
        }
        EventHistory.sortOldestFirst(events);
        body.put("events", events);
        return body;
    }

    /**
     * Where a unit's stdout and stderr go: {@code {"stdout": {"mode": "log", "path": ...}, ...}}; for
     * a pool, each replica's under {@code "replicas"}.
     */
    private Map<String, Object> logs(String name) throws HttpProblem {
        UnitStatus status = known(name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unit", name);
        if (!status.replicas().isEmpty()) {
            List<Map<String, Object>> replicas = new ArrayList<>();
            for (UnitStatus r : status.replicas()) {
                replicas.add(logs(r.name()));
            }
            body.put("replicas", replicas);
            return body;
        }
        ManagedUnit unit = master.unit(name).orElseThrow(() -> unknown(name));
        body.put("stdout", stream(unit.stdout(), master.outputFile(name, OutputStream.STDOUT).orElse(null)));
        body.put("stderr", stream(unit.stderr(), master.outputFile(name, OutputStream.STDERR).orElse(null)));
        return body;
    }

    private static Map<String, Object> stream(OutputRedirect redirect, java.nio.file.Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", switch (redirect) {
            case OutputRedirect.Console c -> "console";
            case OutputRedirect.Discard d -> "discard";
            case OutputRedirect.File f -> "file";
            case OutputRedirect.Log l -> "log";
        });
        m.put("path", file == null ? null : file.toString());
        return m;
    }

    private static void requireMethod(HttpRequest request, String method) throws HttpProblem {
        if (!request.method().equals(method)) {
            throw new HttpProblem(405, request.method() + " is not allowed on " + request.path() + "; use "
                    + method, Map.of("allowed", List.of(method)), Map.of("Allow", method));
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static HttpResponse json(int status, Object body) {
        return HttpResponse.json(status, JsonWriter.write(body));
    }
}

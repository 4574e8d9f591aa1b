package dev.hsu.app.control.cli;

import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import dev.hsu.app.control.UnitView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * start / stop / restart: one request per named unit, all at once (or one request for
 * {@code all}); prints the resulting units and reports each failure on stderr.
 */
abstract class TransitionCommand extends ControlCommand {

    private final String verb;

    /**
     * @param verb the API verb: start, stop or restart
     */
    TransitionCommand(String verb, String... description) {
        super(verb, "the " + verb + " failed for some unit (see the message)", description);
        this.verb = verb;
        addNames("0..*", "1..*", "Units to " + verb + ", or all.");
        addOutputOption("table or json, for the resulting units");
    }

    @Override
    int run(ControlClient client) throws IOException {
        List<String> names = names();
        List<String> targets = names.contains("all") ? List.of("all") : List.copyOf(new LinkedHashSet<>(names));
        List<CompletableFuture<ControlResponse>> pending = new ArrayList<>();
        for (String name : targets) {
            String path = "/v1/units/" + segment(name) + "/" + verb;
            pending.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return client.send("POST", path, null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        List<UnitView> views = new ArrayList<>();
        int exit = ExitCodes.OK;
        for (CompletableFuture<ControlResponse> f : pending) {
            ControlResponse r;
            try {
                r = f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                throw e;
            }
            List<UnitView> answered = UnitsPrinter.views(r.body());
            views.addAll(answered);
            if (r.status() == 404) {
                err().println("hsu: " + r.error());
                exit = Math.max(exit, ExitCodes.UNKNOWN_UNIT);
            } else if (!r.ok()) {
                boolean reported = false;
                for (UnitView v : answered) {
                    if (v.error() != null) {
                        err().println("hsu: " + v.error());
                        reported = true;
                    }
                }
                if (!reported) {
                    err().println("hsu: " + r.error());
                }
                exit = exit == ExitCodes.UNKNOWN_UNIT ? exit : ExitCodes.FAILED;
            }
        }
        UnitsPrinter.print(out(), views, format());
        return exit;
    }
}

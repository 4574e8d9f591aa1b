package dev.hsu.app.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code hsu reload}: the master reads its configuration file again and applies the difference. */
public final class ReloadCommand extends ControlCommand {

    public ReloadCommand() {
        super("reload", "the file is invalid (nothing was changed), or the reload failed",
                "Make the running master read its configuration file again (as SIGHUP does).",
                "%nThe whole file is validated first: if it has an error, nothing changes and the problems are "
                        + "listed. Otherwise only the difference is applied: new units start, units no longer in the "
                        + "file stop, changed units restart, and units that did not change keep running untouched "
                        + "(same pid). Settings under master: take effect at the master's next start.");
    }

    @Override
    int run(ControlClient client) throws IOException {
        ControlResponse r = client.send("POST", "/v1/reload", null);
        JsonNode body = r.body();
        if (r.status() == 422) {
            err().println("hsu: " + body.path("error").asText());
            for (JsonNode p : body.path("problems")) {
                err().println("  " + p.asText());
            }
            return ExitCodes.FAILED;
        }
        if (!r.ok()) {
            err().println("hsu: " + r.error());
            return ExitCodes.FAILED;
        }
        out().println("reloaded " + body.path("file").asText());
        line("added", body.path("added"));
        line("removed", body.path("removed"));
        line("changed", body.path("changed"));
        if (!body.path("scaled").isEmpty()) {
            line("scaled", body.path("scaled"));
        }
        out().println("  unchanged: " + body.path("unchanged").size() + " unit(s)");
        for (JsonNode w : body.path("warnings")) {
            err().println("hsu: warning: " + w.asText());
        }
        return ExitCodes.OK;
    }

    private void line(String label, JsonNode names) {
        List<String> list = new ArrayList<>();
        names.forEach(n -> list.add(n.asText()));
        out().println("  " + label + ": " + (list.isEmpty() ? "-" : String.join(", ", list)));
    }
}

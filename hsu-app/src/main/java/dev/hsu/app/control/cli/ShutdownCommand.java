package dev.hsu.app.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import java.io.IOException;
import picocli.CommandLine.Model.OptionSpec;

/** {@code hsu shutdown}: ask the master to stop every unit and exit. */
public final class ShutdownCommand extends ControlCommand {

    public ShutdownCommand() {
        super("shutdown", "the master refused or failed",
                "Ask the running master to stop all units and exit. Returns once the master accepted.",
                "%nWith --keep-units the master exits but leaves its units running; the next master started on "
                        + "the same state directory re-attaches to them (same pids). Units whose output goes to the "
                        + "master's console cannot outlive it: they are stopped, and listed with the reason.");
        model().addOption(OptionSpec.builder("--keep-units").arity("0")
                .description("Leave the units running for the next master instead of stopping them.").build());
    }

    @Override
    int run(ControlClient client) throws IOException {
        boolean keep = Boolean.TRUE.equals(model().findOption("--keep-units").getValue());
        ControlResponse r = client.send("POST", keep ? "/v1/shutdown?keep_units=true" : "/v1/shutdown", null);
        if (!r.ok()) {
            err().println("hsu: " + r.error());
            return ExitCodes.FAILED;
        }
        out().println("HSU master (pid " + r.body().path("pid").asLong() + ") on " + client.directory() + " is "
                + r.body().path("status").asText());
        for (JsonNode k : r.body().path("kept")) {
            out().println("  kept    " + k.path("unit").asText() + " (pid " + k.path("pid").asLong() + ")");
        }
        for (JsonNode s : r.body().path("stopped")) {
            out().println("  stopped " + s.path("unit").asText() + ": " + s.path("reason").asText());
        }
        return ExitCodes.OK;
    }
}

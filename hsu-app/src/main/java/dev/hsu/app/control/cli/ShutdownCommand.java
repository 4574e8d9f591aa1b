package dev.hsu.app.control.cli;

import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import java.io.IOException;

/** {@code hsu shutdown}: ask the master to stop every unit and exit. */
public final class ShutdownCommand extends ControlCommand {

    public ShutdownCommand() {
        super("shutdown", "the master refused or failed",
                "Ask the running master to stop all units and exit. Returns once the master accepted.");
    }

    @Override
    int run(ControlClient client) throws IOException {
        ControlResponse r = client.send("POST", "/v1/shutdown", null);
        if (!r.ok()) {
            err().println("hsu: " + r.error());
            return ExitCodes.FAILED;
        }
        out().println("HSU master (pid " + r.body().path("pid").asLong() + ") on " + client.directory() + " is "
                + r.body().path("status").asText());
        return ExitCodes.OK;
    }
}

package dev.hsu.app.control.cli;

import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code hsu shutdown}: ask the master to stop every unit and exit. */
@Command(name = "shutdown", mixinStandardHelpOptions = true,
        description = "Ask the running master to stop all units and exit. Returns once the master accepted.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the master accepted", "1:the master refused or failed", "2:usage error",
            "3:no master running"})
public final class ShutdownCommand extends ControlCommand {

    @Override
    int run(ControlClient client) throws IOException {
        ControlResponse r = client.send("POST", "/v1/shutdown", null);
        if (!r.ok()) {
            err().println("hsu: " + r.error());
            return ExitCodes.FAILED;
        }
        out().println("HSU master (pid " + r.body().path("pid").asLong() + ") on " + client.directory() + " is "
                + r.body().path("status").asText());
        out().flush();
        return ExitCodes.OK;
    }
}

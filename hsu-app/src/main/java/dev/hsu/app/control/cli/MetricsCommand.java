package dev.hsu.app.control.cli;

import dev.hsu.app.control.ControlClient;
import java.io.IOException;

/** {@code hsu metrics}: the master's metrics in the Prometheus text format, as {@code GET /metrics} serves them. */
public final class MetricsCommand extends ControlCommand {

    public MetricsCommand() {
        super("metrics", "the master could not be asked",
                "Print the running master's metrics in the Prometheus text format.",
                "%nThe same text as GET /metrics on the control socket (and on master.metrics_listen when set): "
                        + "per unit state, restarts, last exit, health, CPU seconds, memory, open files; master "
                        + "uptime and units per state.");
    }

    @Override
    int run(ControlClient client) throws IOException {
        out().print(client.getText("/metrics"));
        return ExitCodes.OK;
    }
}

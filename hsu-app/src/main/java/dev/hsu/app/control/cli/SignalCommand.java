package dev.hsu.app.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import dev.hsu.spi.Signal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code hsu signal SIG NAME...|all}: send a signal to units' main processes. */
@Command(name = "signal", mixinStandardHelpOptions = true,
        description = "Send a signal (HUP, USR1, TERM, ...) to the main process of units.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:a unit had no process or the signal failed", "2:usage error",
            "3:no master running", "4:unknown unit"})
public final class SignalCommand extends ControlCommand {

    @Parameters(index = "0", paramLabel = "SIG", description = "The signal: HUP, SIGHUP or hup.")
    String signal;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME", description = "Units to signal, or all.")
    List<String> names = new ArrayList<>();

    @Override
    int run(ControlClient client) throws IOException {
        Signal sig = Signal.parse(signal).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown signal '" + signal + "'; use one of " + Arrays.stream(Signal.values()).map(Signal::name)
                        .collect(Collectors.joining(", "))));
        List<String> targets = names.contains("all") ? List.of("all") : List.copyOf(new LinkedHashSet<>(names));
        int exit = ExitCodes.OK;
        for (String name : targets) {
            ControlResponse r = client.send("POST", "/v1/units/" + segment(name) + "/signal",
                    Map.of("signal", sig.name()));
            if (r.status() == 404) {
                err().println("hsu: " + r.error());
                exit = Math.max(exit, ExitCodes.UNKNOWN_UNIT);
                continue;
            }
            if (!r.ok()) {
                err().println("hsu: " + r.error());
                exit = exit == ExitCodes.UNKNOWN_UNIT ? exit : ExitCodes.FAILED;
                continue;
            }
            for (JsonNode s : r.body().path("signalled")) {
                out().println("sent " + sig.signalName() + " to " + s.path("unit").asText() + " (pid "
                        + s.path("pid").asLong() + ")");
            }
            for (JsonNode n : r.body().path("not_running")) {
                out().println("skipped " + n.asText() + ": not running");
            }
        }
        out().flush();
        return exit;
    }
}

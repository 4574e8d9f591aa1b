package dev.hsu.app.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import dev.hsu.spi.Signal;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/** {@code hsu signal SIG NAME...|all}: send a signal to units' main processes. */
public final class SignalCommand extends ControlCommand {

    public SignalCommand() {
        super("signal", "a unit had no running process, or the signal could not be sent",
                "Send a signal (HUP, USR1, TERM, ...) to the main process of units.");
        model().addPositional(PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("SIG").type(String.class)
                .description("The signal: HUP, SIGHUP or hup.").build());
        addNames("1..*", "1..*", "Units to signal, or all.");
    }

    @Override
    int run(ControlClient client) throws IOException {
        String given = model().positionalParameters().get(0).getValue();
        Signal sig = Signal.parse(given).orElseThrow(() -> new ParameterException(model().commandLine(),
                "unknown signal '" + given + "'; use one of " + Arrays.stream(Signal.values()).map(Signal::name)
                        .collect(Collectors.joining(", "))));
        List<String> names = names();
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
        return exit;
    }
}

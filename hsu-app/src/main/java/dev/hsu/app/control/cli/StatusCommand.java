package dev.hsu.app.control.cli;

import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import dev.hsu.app.control.UnitView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hsu status [NAME...] [-o table|json]}: the state of every unit, or of the named ones. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the units of the running master: state, pid, uptime, restarts, last exit.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the master could not be asked", "2:usage error", "3:no master running",
            "4:unknown unit"})
public final class StatusCommand extends ControlCommand {

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Units to show (default: all).")
    List<String> names = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}); json is an array of unit objects.")
    OutputFormat format;

    @Override
    int run(ControlClient client) throws IOException {
        if (names.isEmpty()) {
            ControlResponse r = client.send("GET", "/v1/units", null);
            if (!r.ok()) {
                err().println("hsu: " + r.error());
                return ExitCodes.FAILED;
            }
            UnitsPrinter.print(out(), UnitsPrinter.views(r.body()), format);
            return ExitCodes.OK;
        }
        List<UnitView> views = new ArrayList<>();
        int exit = ExitCodes.OK;
        for (String name : names) {
            ControlResponse r = client.send("GET", "/v1/units/" + segment(name), null);
            if (r.ok()) {
                views.addAll(UnitsPrinter.views(r.body()));
            } else {
                err().println("hsu: " + r.error());
                exit = Math.max(exit, r.status() == 404 ? ExitCodes.UNKNOWN_UNIT : ExitCodes.FAILED);
            }
        }
        UnitsPrinter.print(out(), views, format);
        return exit;
    }
}

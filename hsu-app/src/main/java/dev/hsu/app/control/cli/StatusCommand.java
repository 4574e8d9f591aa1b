package dev.hsu.app.control.cli;

import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import dev.hsu.app.control.UnitView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code hsu status [NAME...] [-o table|json]}: the state of every unit, or of the named ones. */
public final class StatusCommand extends ControlCommand {

    public StatusCommand() {
        super("status", "the master could not be asked",
                "Show the units of the running master: state, health, pid, uptime, restarts, CPU, memory, last exit.",
                "%nCPU is the percent of one core used since the previous sample (hsu status, describe or a "
                        + "metrics scrape at least 0.5 s before), else the average since the process started; "
                        + "MEMORY is the resident memory of the whole process tree (cgroup accounting on Linux).");
        addNames("0..*", "0..*", "Units to show (default: all).");
        addOutputOption("table or json; json is an array of unit objects, as the API returns them");
    }

    @Override
    int run(ControlClient client) throws IOException {
        List<String> names = names();
        if (names.isEmpty()) {
            ControlResponse r = client.send("GET", "/v1/units", null);
            if (!r.ok()) {
                err().println("hsu: " + r.error());
                return ExitCodes.FAILED;
            }
            UnitsPrinter.print(out(), UnitsPrinter.views(r.body()), format());
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
        UnitsPrinter.print(out(), views, format());
        return exit;
    }
}

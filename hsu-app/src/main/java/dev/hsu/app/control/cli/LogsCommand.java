package dev.hsu.app.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code hsu logs [-f] [-n N] [--stderr] NAME}: the last lines of a unit's log file, then, with
 * {@code -f}, what it writes next, across rotations. For a pool, each replica's file. The master
 * says where the files are; they are read directly (the CLI runs on the master's host, as the
 * control socket does).
 */
public final class LogsCommand extends ControlCommand {

    public LogsCommand() {
        super("logs", "the unit has no log file to read (its output goes to the console or nowhere), "
                        + "or a file could not be read",
                "Print the last lines of a unit's stdout (or stderr) log file; -f follows it.",
                "%nWorks for units whose stdout/stderr is 'log' (written by the master, rotated) or 'file' / a "
                        + "path (written by the unit). -f keeps printing new lines, across rotations, until Ctrl-C.");
        addNames("0", "1", "The unit (or pool, or replica).");
        model().addOption(OptionSpec.builder("-f", "--follow").arity("0").type(boolean.class)
                .description("Keep printing new lines as they are written (across rotations).").build());
        model().addOption(OptionSpec.builder("-n", "--lines").paramLabel("N").type(int.class).defaultValue("10")
                .description("How many of the last lines to print first (default: ${DEFAULT-VALUE}; 0 for none).")
                .build());
        model().addOption(OptionSpec.builder("--stderr").arity("0").type(boolean.class)
                .description("The stderr file instead of the stdout file.").build());
    }

    @Override
    int run(ControlClient client) throws IOException {
        String name = names().get(0);
        boolean follow = Boolean.TRUE.equals(model().findOption("--follow").getValue());
        boolean stderr = Boolean.TRUE.equals(model().findOption("--stderr").getValue());
        int lines = model().findOption("--lines").getValue();
        if (lines < 0) {
            err().println("hsu: --lines must be 0 or more, got " + lines);
            return ExitCodes.USAGE;
        }
        ControlResponse r = client.send("GET", "/v1/units/" + segment(name) + "/logs", null);
        if (!r.ok()) {
            err().println("hsu: " + r.error());
            return r.status() == 404 ? ExitCodes.UNKNOWN_UNIT : ExitCodes.FAILED;
        }
        String key = stderr ? "stderr" : "stdout";
        List<Path> files = new ArrayList<>();
        List<JsonNode> units = new ArrayList<>();
        if (r.body().has("replicas")) {
            r.body().get("replicas").forEach(units::add);
        } else {
            units.add(r.body());
        }
        for (JsonNode u : units) {
            JsonNode s = u.path(key);
            String mode = s.path("mode").asText();
            if (!s.hasNonNull("path")) {
                err().println("hsu: the " + key + " of unit " + u.path("unit").asText() + " goes "
                        + (mode.equals("console") ? "to the master's console (" + key + ": console)"
                        : "nowhere (" + key + ": discard)") + ", not to a file; set " + key
                        + ": log in its configuration to keep a rotated log file that hsu logs can read");
                return ExitCodes.FAILED;
            }
            files.add(Path.of(s.get("path").asText()));
        }
        LogTail tail = new LogTail(out(), files.size() > 1);
        for (Path f : files) {
            try {
                if (!tail.printLast(f, lines, follow) && !follow) {
                    err().println("hsu: " + f + " does not exist yet: the unit has written nothing to its " + key);
                }
            } catch (IOException e) {
                err().println("hsu: cannot read " + f + ": " + e.getMessage());
                return ExitCodes.FAILED;
            }
        }
        if (follow) {
            tail.follow();
        }
        return ExitCodes.OK;
    }
}

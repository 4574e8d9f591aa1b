package dev.hsu.app.control.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.ControlResponse;
import dev.hsu.app.control.UnitView;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * {@code hsu describe NAME [-o table|json]}: one unit in full: its status and usage, where its
 * output goes, its definition (the YAML keys with defaults filled in) and its recent events.
 */
public final class DescribeCommand extends ControlCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    public DescribeCommand() {
        super("describe", "the master could not be asked",
                "Show one unit in full: status, usage, output files, definition and recent events.");
        addNames("0", "1", "The unit (or pool, or replica).");
        addOutputOption("table (text for people) or json (the API's object)");
    }

    @Override
    int run(ControlClient client) throws IOException {
        String name = names().get(0);
        ControlResponse r = client.send("GET", "/v1/units/" + segment(name) + "/describe", null);
        if (!r.ok()) {
            err().println("hsu: " + r.error());
            return r.status() == 404 ? ExitCodes.UNKNOWN_UNIT : ExitCodes.FAILED;
        }
        if (format() == OutputFormat.json) {
            out().println(JSON.writeValueAsString(r.body()));
            return ExitCodes.OK;
        }
        print(out(), r.body(), ZoneId.systemDefault());
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, JsonNode body, ZoneId zone) throws IOException {
        UnitView s = JSON.treeToValue(body.get("status"), UnitView.class);
        row(out, "Unit", s.name() + (s.pool() != null ? " (replica of " + s.pool() + ")" : ""));
        row(out, "State", s.state() + " since " + local(s.since(), zone) + (s.reason() != null ? " (" + s.reason() + ")" : ""));
        if (s.health() != null) {
            row(out, "Health", s.health());
        }
        if (s.pid() >= 0) {
            row(out, "Process", "pid " + s.pid() + ", up " + UnitTable.uptime(s.uptimeMs()) + ", started "
                    + local(s.startedAt(), zone));
        }
        row(out, "Restarts", Integer.toString(s.restarts()));
        row(out, "Last exit", s.lastExit() == null ? "-" : s.lastExit());
        if (s.usage() != null) {
            var u = s.usage();
            StringBuilder b = new StringBuilder();
            b.append("CPU ").append(UnitTable.cpu(s));
            if (u.cpuSeconds() != null) {
                b.append(String.format(java.util.Locale.ROOT, " (%.2f s in all)", u.cpuSeconds()));
            }
            b.append(", memory ").append(UnitTable.memory(s));
            if (u.memoryPeakBytes() != null) {
                b.append(" (peak ").append(UnitTable.size(u.memoryPeakBytes())).append(')');
            }
            if (u.processes() != null) {
                b.append(", ").append(u.processes()).append(" process(es)");
            }
            if (u.threads() != null) {
                b.append(", ").append(u.threads()).append(" thread(s)");
            }
            if (u.openFiles() != null) {
                b.append(", ").append(u.openFiles()).append(" open file(s)");
            }
            if (u.ioReadBytes() != null && u.ioWriteBytes() != null) {
                b.append(", I/O read ").append(UnitTable.size(u.ioReadBytes())).append(" written ")
                        .append(UnitTable.size(u.ioWriteBytes()));
            }
            row(out, "Usage", b.toString());
        }
        JsonNode output = body.path("output");
        if (output.has("stdout")) {
            row(out, "Stdout", stream(output.get("stdout")));
            row(out, "Stderr", stream(output.get("stderr")));
        }
        for (UnitView r : s.replicas()) {
            row(out, "Replica", r.name() + "  " + r.state() + (r.pid() >= 0 ? "  pid " + r.pid() : ""));
        }
        out.println("Definition:");
        YAMLFactory yaml = YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
        String text = JSON.copyWith(yaml).writeValueAsString(body.path("definition"));
        for (String line : text.split("\n")) {
            out.println("  " + line);
        }
        out.println("Recent events:");
        if (body.path("events").isEmpty()) {
            out.println("  (none)");
        }
        for (JsonNode e : body.path("events")) {
            String detail = e.path("event").asText().equals("state")
                    ? e.path("to").asText() + (e.hasNonNull("detail") ? " (" + e.path("detail").asText() + ")" : "")
                    : e.path("detail").asText();
            out.println("  " + local(e.path("at").asText(), zone) + "  "
                    + (e.has("replica") ? e.path("replica").asText() + "  " : "")
                    + String.format("%-8s ", e.path("event").asText()) + detail);
        }
        out.flush();
    }

    private static String stream(JsonNode s) {
        String mode = s.path("mode").asText();
        return mode + (s.hasNonNull("path") ? "  " + s.path("path").asText() : "");
    }

    private static void row(PrintWriter out, String key, String value) {
        out.println(String.format("%-11s %s", key + ":", value));
    }

    private static String local(String iso, ZoneId zone) {
        if (iso == null || iso.isEmpty()) {
            return "-";
        }
        try {
            return TIME.format(Instant.parse(iso).atZone(zone));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}

package dev.hsu.app.control.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.MasterNotRunningException;
import dev.hsu.app.control.StateDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What every command that talks to a running master shares: the {@code --state-dir} option, the
 * client, output through picocli's writers, and the exit codes of {@link ExitCodes}.
 *
 * <p>The picocli model is built with the programmatic API, like the rest of {@code hsu}'s command
 * line: no annotation scanning at start-up. Register a command with
 * {@code cl.addSubcommand("status", new CommandLine(new StatusCommand().spec()))}.
 *
 * <p>Not thread-safe: one instance per command line.
 */
abstract class ControlCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CommandSpec spec;

    /**
     * @param failure what exit code 1 means for this command
     */
    ControlCommand(String name, String failure, String... description) {
        spec = CommandSpec.wrapWithoutInspection(this).name(name);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("--state-dir").paramLabel("DIR").type(Path.class)
                .description("The master's state directory (socket and pid file). Default: $HSU_STATE_DIR, "
                        + "else $XDG_RUNTIME_DIR/hsu, else /run/hsu for root, else /tmp/hsu-<uid>.")
                .build());
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "done");
        codes.put("1", failure);
        codes.put("2", "usage error");
        codes.put("3", "no master is running on the state directory");
        codes.put("4", "unknown unit");
        spec.usageMessage().description(description).exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    }

    /** The picocli model of this command, to register as a subcommand. */
    public final CommandSpec spec() {
        return spec;
    }

    @Override
    public final Integer call() {
        Path stateDir = spec.findOption("--state-dir").getValue();
        ControlClient client = new ControlClient(StateDirectory.resolve(stateDir));
        try {
            return run(client);
        } catch (MasterNotRunningException e) {
            err().println("hsu: " + e.getMessage());
            return ExitCodes.NO_MASTER;
        } catch (IOException e) {
            err().println("hsu: " + e.getMessage());
            return ExitCodes.FAILED;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** Does the command's work; returns its exit code. */
    abstract int run(ControlClient client) throws IOException;

    /** Adds {@code -o/--output table|json}. */
    final void addOutputOption(String description) {
        spec.addOption(OptionSpec.builder("-o", "--output").paramLabel("FORMAT").type(OutputFormat.class)
                .defaultValue("table").description(description + " (default: ${DEFAULT-VALUE})").build());
    }

    /** Adds the positional unit names, from {@code index}. */
    final void addNames(String index, String arity, String description) {
        spec.addPositional(PositionalParamSpec.builder().index(index).arity(arity).paramLabel("NAME")
                .required(!arity.startsWith("0")).type(List.class).auxiliaryTypes(String.class)
                .description(description).build());
    }

    final OutputFormat format() {
        return spec.findOption("--output").getValue();
    }

    /** The unit names given (empty when none). */
    final List<String> names() {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.paramLabel().equals("NAME")) {
                List<String> names = p.getValue();
                return names == null ? List.of() : new ArrayList<>(names);
            }
        }
        return List.of();
    }

    final CommandSpec model() {
        return spec;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A unit name as one path segment. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

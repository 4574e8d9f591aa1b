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
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to a running master shares: the {@code --state-dir} option, the
 * client, output through picocli's writers, and the exit codes of {@link ExitCodes}. Not
 * thread-safe (one instance per command line).
 */
abstract class ControlCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The master's state directory (socket and pid file). Default: $HSU_STATE_DIR, "
                    + "else $XDG_RUNTIME_DIR/hsu, else /run/hsu for root, else /tmp/hsu-<uid>.")
    Path stateDir;

    @Override
    public final Integer call() {
        ControlClient client = new ControlClient(StateDirectory.resolve(stateDir));
        try {
            return run(client);
        } catch (MasterNotRunningException e) {
            err().println("hsu: " + e.getMessage());
            return ExitCodes.NO_MASTER;
        } catch (IOException e) {
            err().println("hsu: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /** Does the command's work; returns its exit code. */
    abstract int run(ControlClient client) throws IOException;

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

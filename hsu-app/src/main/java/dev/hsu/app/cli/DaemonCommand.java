package dev.hsu.app.cli;

import dev.hsu.app.control.StateDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code hsu daemon FILE}: {@code hsu run FILE} in the background (see {@link Daemonizer}). */
final class DaemonCommand implements Callable<Integer> {
    private final CommandSpec spec;

    DaemonCommand() {
        spec = Cli.command("daemon", this,
                "Run the units of FILE in the background (like run -d).",
                "%nStarts the master detached from the terminal (its own session, stdin from /dev/null, output "
                        + "appended to <state dir>/hsu.log) and returns once it answers on its control socket. "
                        + "If it fails to start (an invalid FILE, another master on the state directory), its "
                        + "messages are shown here and its exit code returned. Talk to it with hsu status, "
                        + "reload, shutdown ...",
                "%nExit codes: 0 started, 1 failure, 2 invalid FILE, 3 no platform adapter.");
        spec.addPositional(Cli.fileParameter());
        spec.addOption(stateDirOption());
    }

    /** The {@code --state-dir} option of run and daemon. */
    static OptionSpec stateDirOption() {
        return OptionSpec.builder("--state-dir").paramLabel("DIR").type(Path.class)
                .description("Where the control socket, pid file, unit state and master log go, for hsu "
                        + "status/stop/...: default $HSU_STATE_DIR, else $XDG_RUNTIME_DIR/hsu, else /run/hsu for "
                        + "root, else /tmp/hsu-<uid>.")
                .build();
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        Path file = Cli.file(spec);
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("hsu: " + file + ": no such file");
            spec.commandLine().getErr().flush();
            return ExitCodes.INVALID;
        }
        StateDirectory state = StateDirectory.resolve(spec.findOption("--state-dir").getValue());
        return new Daemonizer(spec.commandLine().getOut(), spec.commandLine().getErr()).start(file, state);
    }
}

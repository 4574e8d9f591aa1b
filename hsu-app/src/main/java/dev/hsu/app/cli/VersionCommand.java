package dev.hsu.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hsu version}: the product, Java and OS versions. */
final class VersionCommand implements Callable<Integer> {
    private final CommandSpec spec = Cli.command("version", this, "Print the version of hsu, Java and the OS.");

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(Version.line());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

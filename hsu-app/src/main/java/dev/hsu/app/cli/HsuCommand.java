package dev.hsu.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hsu} command; its subcommands do the work. */
@Command(name = "hsu", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "HSU supervises processes: starts, stops, restarts and confines the units of a YAML file.",
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nPlatform:%n",
        footer = {"The OS adapter is chosen automatically; force one with -Dhsu.platform=ID or HSU_PLATFORM=ID."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:success; for run, every unit stopped gracefully after SIGINT or SIGTERM",
            " 1:unexpected failure (see the message)",
            " 2:invalid configuration file or command line",
            " 3:no platform adapter can run on this host",
            "130:run was stopped forcibly by a second SIGINT"})
final class HsuCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** "hsu" alone: show what there is to do; it is a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.INVALID;
    }

    /** The full command line with its subcommands, getting the platform from {@code platforms}. */
    static CommandLine commandLine(PlatformSource platforms) {
        CommandLine cl = new CommandLine(new HsuCommand());
        cl.addSubcommand("run", new RunCommand(platforms));
        cl.addSubcommand("validate", new ValidateCommand(platforms));
        cl.addSubcommand("version", new VersionCommand());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("hsu: internal error: " + e);
            e.printStackTrace(line.getErr());
            line.getErr().flush();
            return ExitCodes.FAILURE;
        });
        return cl;
    }
}

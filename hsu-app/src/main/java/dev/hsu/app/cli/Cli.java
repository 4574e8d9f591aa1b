package dev.hsu.app.cli;

import dev.hsu.app.control.cli.ReloadCommand;
import dev.hsu.app.control.cli.DescribeCommand;
import dev.hsu.app.control.cli.LogsCommand;
import dev.hsu.app.control.cli.MetricsCommand;
import dev.hsu.app.control.cli.RestartCommand;
import dev.hsu.app.control.cli.ShutdownCommand;
import dev.hsu.app.control.cli.SignalCommand;
import dev.hsu.app.control.cli.StartCommand;
import dev.hsu.app.control.cli.StatusCommand;
import dev.hsu.app.control.cli.StopCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The {@code hsu} command line, built with picocli's programmatic API.
 *
 * <p>Why not annotations: picocli reads them by reflection and annotation proxies at every start,
 * and its classes (compiled for Java 5) can never be put in a class-data-sharing archive; building
 * the model by hand measured about 110 ms faster for {@code hsu version} (0.12 s against 0.24 s
 * wall time, launcher flags, 2 cores). Start-up time matters: {@code hsu run} must have hundreds
 * of units running within a fraction of a second.
 */
final class Cli {
    private Cli() {
    }

    /** The full command line, getting the platform from {@code platforms}. */
    static CommandLine commandLine(PlatformSource platforms) {
        return commandLine(platforms, ConfigSource.direct(), true);
    }

    /**
     * The command line for {@code args}: the commands that talk to a running master are left out
     * when {@code args} name one of run, validate or version, because building them initializes
     * Jackson's ObjectMapper (about 20 ms, on the way to hundreds of units starting).
     */
    static CommandLine commandLine(PlatformSource platforms, ConfigSource configs, String[] args) {
        boolean local = args.length > 0 && (args[0].equals("run") || args[0].equals("validate")
                || args[0].equals("version"));
        return commandLine(platforms, configs, !local);
    }

    private static CommandLine commandLine(PlatformSource platforms, ConfigSource configs,
                                           boolean withControlCommands) {
        Usage usage = new Usage();
        CommandSpec hsu = command("hsu", usage,
                "HSU supervises processes: starts, stops, restarts and confines the units of a YAML file.");
        usage.spec = hsu;
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put(" 0", "success; for run, every unit stopped gracefully after SIGINT or SIGTERM");
        exitCodes.put(" 1", "unexpected failure (see the message)");
        exitCodes.put(" 2", "invalid configuration file or command line");
        exitCodes.put(" 3", "no platform adapter can run on this host");
        exitCodes.put("130", "run was stopped forcibly by a second SIGINT");
        exitCodes.put("", "status, start, stop, restart, signal, logs, describe, metrics, shutdown, reload: see their --help");
        hsu.usageMessage()
                .synopsisSubcommandLabel("COMMAND")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes)
                .footerHeading("%nPlatform:%n")
                .footer("The OS adapter is chosen automatically; force one with -Dhsu.platform=ID or HSU_PLATFORM=ID.");
        CommandLine cl = new CommandLine(hsu);
        cl.addSubcommand("run", new CommandLine(new RunCommand(platforms, configs).spec()));
        cl.addSubcommand("daemon", new CommandLine(new DaemonCommand().spec()));
        cl.addSubcommand("validate", new CommandLine(new ValidateCommand(platforms).spec()));
        cl.addSubcommand("version", new CommandLine(new VersionCommand().spec()));
        if (withControlCommands) {
            addControlCommands(cl);
        }
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("hsu: internal error: " + e);
            e.printStackTrace(line.getErr());
            line.getErr().flush();
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    /** Commands that talk to a running master over its control socket (with exit codes of their own). */
    private static void addControlCommands(CommandLine cl) {
        cl.addSubcommand("status", new CommandLine(new StatusCommand().spec()));
        cl.addSubcommand("start", new CommandLine(new StartCommand().spec()));
        cl.addSubcommand("stop", new CommandLine(new StopCommand().spec()));
        cl.addSubcommand("restart", new CommandLine(new RestartCommand().spec()));
        cl.addSubcommand("signal", new CommandLine(new SignalCommand().spec()));
        cl.addSubcommand("shutdown", new CommandLine(new ShutdownCommand().spec()));
        cl.addSubcommand("reload", new CommandLine(new ReloadCommand().spec()));
        cl.addSubcommand("logs", new CommandLine(new LogsCommand().spec()));
        cl.addSubcommand("describe", new CommandLine(new DescribeCommand().spec()));
        cl.addSubcommand("metrics", new CommandLine(new MetricsCommand().spec()));
    }

    /**
     * A command whose behaviour is {@code userObject} (a {@link java.util.concurrent.Callable}),
     * with {@code -h/--help} and {@code -V/--version}. The first description line is its summary
     * in {@code hsu --help}.
     */
    static CommandSpec command(String name, Object userObject, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(userObject).name(name).versionProvider(new Version());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        spec.usageMessage().description(description);
        return spec;
    }

    /** The {@code FILE} parameter of run and validate. */
    static PositionalParamSpec fileParameter() {
        return PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("FILE").type(Path.class)
                .description("the configuration file (YAML)").build();
    }

    /** The value of the {@code FILE} parameter. */
    static Path file(CommandSpec spec) {
        return spec.positionalParameters().get(0).getValue();
    }

    /** {@code hsu} alone: show what there is to do; it is a usage error. */
    private static final class Usage implements java.util.concurrent.Callable<Integer> {
        private CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return ExitCodes.INVALID;
        }
    }
}

package dev.hsu.app.cli;

import dev.hsu.app.config.ConfigException;
import dev.hsu.app.config.ConfigLoader;
import dev.hsu.app.config.LoadedConfig;
import dev.hsu.app.platform.PlatformSelectionException;
import dev.hsu.spi.PlatformProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hsu validate FILE}: checks a file against this host's platform without starting anything. */
final class ValidateCommand implements Callable<Integer> {
    private final PlatformSource platforms;
    private final CommandSpec spec;

    ValidateCommand(PlatformSource platforms) {
        this.platforms = platforms;
        this.spec = Cli.command("validate", this,
                "Check FILE without starting anything.",
                "%nChecks YAML syntax, keys, types, ranges, dependencies, and the resource limits against what "
                        + "this host's platform can enforce. Prints 'FILE: N units OK' and the platform's "
                        + "capabilities, or every problem as FILE:LINE:COL: unit 'name': field: message.",
                "%nExit codes: 0 valid, 2 invalid, 3 no platform adapter for this host.");
        spec.addPositional(Cli.fileParameter());
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        Path file = Cli.file(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PlatformProvider provider;
        try {
            provider = platforms.select();
        } catch (PlatformSelectionException e) {
            err.println("hsu: " + e.getMessage());
            err.flush();
            return ExitCodes.NO_PLATFORM;
        }
        try {
            LoadedConfig config = new ConfigLoader(provider.capabilities()).load(file);
            config.warnings().forEach(err::println);
            err.flush();
            int n = config.units().size();
            out.println(file + ": " + n + " unit" + (n == 1 ? "" : "s") + " OK"
                    + (config.warnings().isEmpty() ? "" : " (" + config.warnings().size() + " warning"
                    + (config.warnings().size() == 1 ? "" : "s") + ")"));
            CapabilitiesSummary.lines(provider.id(), provider.capabilities()).forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        } catch (ConfigException e) {
            ProblemReport.print(err, file.toString(), e.problems());
            return ExitCodes.INVALID;
        }
    }
}

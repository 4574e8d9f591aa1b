package dev.hsu.app.cli;

import dev.hsu.app.config.ConfigException;
import dev.hsu.app.config.ConfigLoader;
import dev.hsu.app.config.LoadedConfig;
import dev.hsu.app.platform.PlatformSelectionException;
import dev.hsu.spi.PlatformProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hsu validate FILE}: checks a file against this host's platform without starting anything. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Version.class, description = {
    "Check FILE without starting anything.",
    "%nChecks YAML syntax, keys, types, ranges, dependencies, and the resource limits against what "
            + "this host's platform can enforce. Prints 'FILE: N units OK' and the platform's capabilities, "
            + "or every problem as FILE:LINE:COL: unit 'name': field: message.",
    "%nExit codes: 0 valid, 2 invalid, 3 no platform adapter for this host."})
final class ValidateCommand implements Callable<Integer> {
    private final PlatformSource platforms;

    @Parameters(index = "0", paramLabel = "FILE", description = "the configuration file (YAML)")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    ValidateCommand(PlatformSource platforms) {
        this.platforms = platforms;
    }

    @Override
    public Integer call() {
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

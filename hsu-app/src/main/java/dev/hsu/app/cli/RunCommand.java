package dev.hsu.app.cli;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.hsu.app.config.ConfigException;
import dev.hsu.app.config.LoadedConfig;
import dev.hsu.app.control.ControlOptions;
import dev.hsu.app.control.ControlServer;
import dev.hsu.app.control.MasterAlreadyRunningException;
import dev.hsu.app.control.StateDirectory;
import dev.hsu.app.ops.Readoption;
import dev.hsu.app.metrics.MetricsListener;
import dev.hsu.app.platform.PlatformSelectionException;
import dev.hsu.app.wiring.HsuModule;
import dev.hsu.core.Master;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.core.validate.InvalidUnitException;
import dev.hsu.spi.PlatformProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code hsu run FILE}: supervises the units of FILE in the foreground until SIGINT or SIGTERM.
 *
 * <p>Prints one timestamped line per state change, exit and scheduled restart, and the output of
 * units whose stdout/stderr go to the console as {@code unit | line}. On the first SIGINT or
 * SIGTERM every unit is stopped gracefully in parallel and a summary printed (exit 0); a second
 * one kills everything at once (exit 130).
 */
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    private final PlatformSource platforms;
    private final ConfigSource configs;
    private final Phases phases = new Phases();
    private final CommandSpec spec;
    private Path file;

    RunCommand(PlatformSource platforms, ConfigSource configs) {
        this.platforms = platforms;
        this.configs = configs;
        this.spec = Cli.command("run", this,
                "Run the units of FILE in the foreground.",
                "%nPrints each state change, exit and restart with a timestamp, and console output as "
                        + "'unit | line'. On SIGINT (Ctrl-C) or SIGTERM every unit is stopped gracefully in "
                        + "parallel, each within its graceful_timeout; a second SIGINT kills them all at once.",
                "%nExit codes: 0 stopped gracefully, 1 failure, 2 invalid FILE, 3 no platform adapter, "
                        + "130 killed by a second SIGINT.");
        spec.addPositional(Cli.fileParameter());
        spec.addOption(OptionSpec.builder("-d", "--daemon").arity("0")
                .description("Run in the background, as hsu daemon FILE does.").build());
        spec.addOption(OptionSpec.builder("--state-dir").paramLabel("DIR").type(Path.class)
                .description("Where the control socket and pid file go, for hsu status/stop/...: default "
                        + "$HSU_STATE_DIR, else $XDG_RUNTIME_DIR/hsu, else /run/hsu for root, else /tmp/hsu-<uid>.")
                .build());
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        file = Cli.file(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Boolean.TRUE.equals(spec.findOption("--daemon").getValue())) {
            return new Daemonizer(out, err).start(file, StateDirectory.resolve(spec.findOption("--state-dir").getValue()));
        }
        // Main has usually begun probing the platform and reading the file on other threads.
        phases.mark("command line");
        LoadedConfig config;
        PlatformProvider provider;
        try {
            config = configs.load(file, platforms);
            phases.mark("config");
            provider = platforms.select();
            phases.mark("platform (wait)");
        } catch (ConfigException e) {
            ProblemReport.print(err, file.toString(), e.problems());
            return ExitCodes.INVALID;
        } catch (NoPlatformException | PlatformSelectionException e) {
            err.println("hsu: " + e.getMessage());
            err.flush();
            return ExitCodes.NO_PLATFORM;
        }
        config.warnings().forEach(err::println);
        try {
            createLogDirectories(config);
        } catch (IOException e) {
            err.println("hsu: cannot create the log directory " + e.getMessage()
                    + "; fix its permissions or set master.log_directory / the unit's log.directory");
            err.flush();
            return ExitCodes.FAILURE;
        }
        int width = Math.min(24, Math.max(4, config.units().stream().mapToInt(u -> u.name().length()).max().orElse(4)));
        try (ConsoleWriter console = new ConsoleWriter(out, err).start()) {
            return supervise(provider, config, console, width);
        }
    }

    private int supervise(PlatformProvider provider, LoadedConfig config, ConsoleWriter console, int width)
            throws InterruptedException {
        // PRODUCTION: the few singletons are built now, while nothing runs yet; measured no slower
        // than DEVELOPMENT for this small graph.
        StateDirectory state = StateDirectory.resolve(spec.findOption("--state-dir").getValue());
        Master master = Guice.createInjector(Stage.PRODUCTION,
                        new HsuModule(provider, config, new UnitOutputPrinter(console, width), System.getenv(),
                                state.path()))
                .getInstance(Master.class);
        phases.mark("injector");
        master.subscribe(new EventPrinter(console, new Timestamps(ZoneId.systemDefault()), width));
        try {
            for (ManagedUnit unit : config.units()) {
                master.register(unit);
            }
            phases.mark("registered");
        } catch (InvalidUnitException e) {
            // The loader ran the same validation, so this means the two disagree: say so plainly.
            console.err("hsu: the master rejected a unit that passed validation: " + e.getMessage());
            master.shutdown().join();
            return ExitCodes.INVALID;
        }
        ForegroundSession session = new ForegroundSession(master, console);
        MasterOps ops = new MasterOps(master, session, console, config, state, file, provider.capabilities());
        // Claimed before any unit starts: a second master on the same state directory would run
        // every unit twice, and hsu status would see only one of them.
        ControlServer control = new ControlServer(state, master, session::onShutdownRequest, ControlOptions.DEFAULT,
                ops);
        try {
            control.start();
        } catch (MasterAlreadyRunningException e) {
            console.err("hsu: " + e.getMessage());
            master.shutdown().join();
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            console.err("hsu: cannot start the control API: " + e.getMessage()
                    + "; choose another directory with --state-dir or HSU_STATE_DIR");
            master.shutdown().join();
            return ExitCodes.FAILURE;
        }
        phases.mark("control API");
        MetricsListener metrics = null;
        if (config.master().metricsListen() != null) {
            metrics = new MetricsListener(config.master().metricsListen(), control.metrics());
            try {
                metrics.start();
            } catch (IOException e) {
                console.err("hsu: " + e.getMessage());
                control.close();
                master.shutdown().join();
                return ExitCodes.FAILURE;
            }
        }
        try (control; MetricsListener closeMetrics = metrics) {
            if (!ops.startTcp(control)) {
                master.shutdown().join();
                return ExitCodes.FAILURE;
            }
            SignalTrap.install(session::onSignal);
            SignalTrap.installHangup(ops::reloadOnSignal);
            Readoption.Outcome adopted = ops.adoptAndWatch();
            master.startAll(adopted.skip());
            ops.afterStart(adopted);
            // The start-up burst leaves garbage and free C-heap pages that an idle master would
            // keep for good: release them once it is over.
            StartupSettle.arm(master, MemoryRelease::run);
            phases.mark("startAll");
            LOG.debug("start-up phases: {}", phases);
            console.err("hsu: supervising " + config.units().size() + " unit(s) from " + file + " on platform "
                    + provider.id() + " (started in " + (System.nanoTime() - Main.STARTED_NANOS) / 1_000_000
                    + " ms); Ctrl-C stops them");
            return session.awaitEnd();
        }
    }

    /** Children open their output files themselves: the directories must exist before they start. */
    private static void createLogDirectories(LoadedConfig config) throws IOException {
        for (ManagedUnit u : config.units()) {
            for (OutputRedirect r : new OutputRedirect[] {u.stdout(), u.stderr()}) {
                Path file = r instanceof OutputRedirect.File f ? f.path()
                        : r instanceof OutputRedirect.Log l ? l.path() : null;
                if (file != null && file.getParent() != null) {
                    Path dir = file.getParent();
                    try {
                        Files.createDirectories(dir);
                    } catch (IOException e) {
                        throw new IOException(dir + " for unit '" + u.name() + "': " + e, e);
                    }
                }
            }
        }
    }
}

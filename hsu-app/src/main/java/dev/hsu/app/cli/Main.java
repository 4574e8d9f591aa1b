package dev.hsu.app.cli;

import dev.hsu.app.platform.PlatformSelector;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The {@code hsu} command-line entry point. Exit codes: see {@link ExitCodes} and {@code hsu --help}.
 */
public final class Main {
    /** When the program's own code began (JVM startup excluded), for the "started in" line of run. */
    static final long STARTED_NANOS = System.nanoTime();

    private Main() {
    }

    /** {@code run ... FILE}: the file is the last argument, unless the options come after it. */
    private static ConfigSource readAhead(String[] args, PlatformSource platforms) {
        String last = args[args.length - 1];
        if (args.length < 2 || last.startsWith("-")) {
            return ConfigSource.direct();
        }
        try {
            return ConfigSource.prefetch(Path.of(last), platforms);
        } catch (InvalidPathException e) {
            return ConfigSource.direct();
        }
    }

    /**
     * Guice flags read once, when Guice's classes initialize, so they are set before any is
     * touched (a -D on the command line still wins). No bytecode generation: the graph is a
     * handful of @Provides methods, reflection serves them as fast, and it avoids generating
     * hidden classes (which class-data sharing cannot archive) and Guice's use of sun.misc.Unsafe
     * (warned about on JDK 24+). No stack-trace capture for binding sources: less start-up work.
     */
    static void leanGuice() {
        if (System.getProperty("guice_bytecode_gen_option") == null) {
            System.setProperty("guice_bytecode_gen_option", "DISABLED");
        }
        if (System.getProperty("guice_include_stack_traces") == null) {
            System.setProperty("guice_include_stack_traces", "OFF");
        }
    }

    /**
     * The commands other than {@code run} print their own results; only a master (run, and the
     * run child of {@code daemon}) logs what it does. Without this, {@code hsu validate} and
     * {@code hsu daemon} opened with the adapter's INFO line about the host's cgroups, which
     * {@code validate} lists again in its platform notes. A -D on the command line still wins.
     */
    static void quietUnlessRun(boolean run) {
        String key = "org.slf4j.simpleLogger.defaultLogLevel";
        if (!run && System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }

    public static void main(String[] args) {
        leanGuice();
        // Work that does not need the parsed arguments starts on other threads at once, so that it
        // overlaps with loading picocli (whose classes can never be in a CDS archive).
        String command = args.length > 0 ? args[0] : "";
        boolean run = command.equals("run");
        quietUnlessRun(run);
        PlatformSource platforms = run || command.equals("validate")
                ? PlatformSource.prefetch() : PlatformSelector::selectFromClassPath;
        ConfigSource configs = run ? readAhead(args, platforms) : ConfigSource.direct();
        int code = Cli.commandLine(platforms, configs, args).execute(args);
        System.exit(code);
    }
}

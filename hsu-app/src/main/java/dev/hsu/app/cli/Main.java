package dev.hsu.app.cli;

import dev.hsu.app.platform.PlatformSelector;

/**
 * The {@code hsu} command-line entry point. Exit codes: see {@link ExitCodes} and {@code hsu --help}.
 */
public final class Main {
    /** When the program's own code began (JVM startup excluded), for the "started in" line of run. */
    static final long STARTED_NANOS = System.nanoTime();

    private Main() {
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

    public static void main(String[] args) {
        leanGuice();
        // Only the commands that need a platform start probing for one before the arguments are parsed.
        boolean needsPlatform = args.length > 0 && (args[0].equals("run") || args[0].equals("validate"));
        PlatformSource platforms = needsPlatform ? PlatformSource.prefetch() : PlatformSelector::selectFromClassPath;
        int code = Cli.commandLine(platforms).execute(args);
        System.exit(code);
    }
}

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

    public static void main(String[] args) {
        int code = HsuCommand.commandLine(PlatformSelector::selectFromClassPath).execute(args);
        System.exit(code);
    }
}

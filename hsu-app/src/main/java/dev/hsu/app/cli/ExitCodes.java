package dev.hsu.app.cli;

/** The exit codes of the {@code hsu} command; {@link Cli} lists them in the help. */
public final class ExitCodes {
    /** Success; for {@code run}, a graceful stop after SIGINT or SIGTERM. */
    public static final int OK = 0;
    /** An unexpected failure (a bug, a log directory that cannot be created, ...). */
    public static final int FAILURE = 1;
    /** The configuration file is invalid, or the command line is wrong. */
    public static final int INVALID = 2;
    /** No platform adapter can run on this host (or the one asked for is unavailable). */
    public static final int NO_PLATFORM = 3;
    /** {@code run} was stopped forcibly by a second SIGINT (128 + SIGINT). */
    public static final int FORCED = 130;

    private ExitCodes() {
    }
}

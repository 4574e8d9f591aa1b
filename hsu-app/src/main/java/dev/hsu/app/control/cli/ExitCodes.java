package dev.hsu.app.control.cli;

/** The exit codes of the commands that talk to a running master. */
public final class ExitCodes {

    /** The operation succeeded for every unit. */
    public static final int OK = 0;
    /** The operation failed for at least one unit (or the exchange with the master failed). */
    public static final int FAILED = 1;
    /** The command line was wrong (picocli's default for invalid input). */
    public static final int USAGE = 2;
    /** No master runs on the state directory. */
    public static final int NO_MASTER = 3;
    /** A named unit does not exist. */
    public static final int UNKNOWN_UNIT = 4;

    private ExitCodes() {
    }
}

package dev.hsu.windows.internal;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.Signal;

/**
 * Windows processes end with a 32-bit exit code, never by a signal. So that the core can tell
 * "stopped by HSU" from "exited", two codes are read as the portable signal HSU sent:
 *
 * <ul>
 *   <li>{@link #KILL_EXIT_CODE} (137, 128 + SIGKILL as POSIX shells show it), which the signaller
 *       gives to {@code TerminateProcess}/{@code TerminateJobObject}, after it sent KILL:
 *       {@code Killed(9, KILL)};</li>
 *   <li>{@code STATUS_CONTROL_C_EXIT} (0xC000013A), what a console program's default handler
 *       exits with on CTRL_BREAK, after HSU sent TERM: {@code Killed(15, TERM)}.</li>
 * </ul>
 * Every other code, and those two without the matching request, is {@code Exited(code)} with the
 * full 32-bit value (a crash is e.g. {@code 0xC0000005}, negative as an int).
 */
final class ExitCodes {
    /** The exit code the adapter's forced kill gives a process. */
    static final int KILL_EXIT_CODE = 137;
    /** The conventional POSIX numbers used for the portable signals on Windows, which has none. */
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private ExitCodes() {
    }

    static ExitStatus status(int code, boolean termSent, boolean killSent) {
        if (killSent && code == KILL_EXIT_CODE) {
            return new ExitStatus.Killed(SIGKILL, Signal.KILL, false);
        }
        if (termSent && code == Win32.STATUS_CONTROL_C_EXIT) {
            return new ExitStatus.Killed(SIGTERM, Signal.TERM, false);
        }
        return new ExitStatus.Exited(code);
    }
}

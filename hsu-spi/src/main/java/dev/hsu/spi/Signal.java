package dev.hsu.spi;

import java.util.Locale;
import java.util.Optional;

/**
 * The portable names of the signals HSU can deliver. Numbers differ between operating systems
 * (SIGUSR1 is 10 on Linux and 30 on macOS), so ports speak in names and each adapter maps them.
 *
 * <p>Platform note: on Windows only {@link #TERM} (CTRL_BREAK to the unit's console process
 * group, or WM_CLOSE for GUI programs) and {@link #KILL} (TerminateJobObject) have a meaning.
 * CTRL_C cannot be sent to one process group, so {@link #INT} and the others raise
 * {@link UnsupportedCapabilityException}; {@link PlatformCapabilities#signals()} lists what works.
 */
public enum Signal {
    HUP, INT, QUIT, ABRT, KILL, USR1, USR2, PIPE, ALRM, TERM, CONT, STOP, TSTP, TTIN, TTOU, WINCH;

    /** The conventional name, e.g. {@code SIGTERM}. */
    public String signalName() {
        return "SIG" + name();
    }

    /**
     * Parses {@code TERM}, {@code SIGTERM} or {@code sigterm}.
     *
     * @return empty if the text names no signal HSU knows
     */
    public static Optional<Signal> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.startsWith("SIG")) {
            upper = upper.substring(3);
        }
        for (Signal s : values()) {
            if (s.name().equals(upper)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

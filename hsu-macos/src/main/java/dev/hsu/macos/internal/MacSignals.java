package dev.hsu.macos.internal;

import dev.hsu.spi.Signal;

/**
 * macOS signal numbers (x86_64 and arm64 share them; BSD numbering, not Linux's: SIGUSR1 is 30,
 * SIGCHLD 20, SIGSTOP 17) and their portable names.
 */
final class MacSignals {
    static final int SIGKILL = 9;
    static final int SIGSTOP = 17;
    static final int SIGCHLD = 20;

    private MacSignals() {
    }

    static int number(Signal signal) {
        return switch (signal) {
            case HUP -> 1;
            case INT -> 2;
            case QUIT -> 3;
            case ABRT -> 6;
            case KILL -> 9;
            case PIPE -> 13;
            case ALRM -> 14;
            case TERM -> 15;
            case STOP -> 17;
            case TSTP -> 18;
            case CONT -> 19;
            case TTIN -> 21;
            case TTOU -> 22;
            case WINCH -> 28;
            case USR1 -> 30;
            case USR2 -> 31;
        };
    }

    /** The portable signal of a macOS number, or null (SIGSEGV, SIGBUS, ...). */
    static Signal fromNumber(int number) {
        for (Signal s : Signal.values()) {
            if (number(s) == number) {
                return s;
            }
        }
        return null;
    }
}

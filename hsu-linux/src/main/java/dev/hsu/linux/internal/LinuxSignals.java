package dev.hsu.linux.internal;

import dev.hsu.spi.Signal;

/**
 * Linux signal numbers (x86_64 and aarch64 share them) and their portable names.
 */
final class LinuxSignals {
    static final int SIGKILL = 9;
    static final int SIGSTOP = 19;

    private LinuxSignals() {
    }

    /** The Linux number of a portable signal. */
    static int number(Signal signal) {
        return switch (signal) {
            case HUP -> 1;
            case INT -> 2;
            case QUIT -> 3;
            case ABRT -> 6;
            case KILL -> 9;
            case USR1 -> 10;
            case USR2 -> 12;
            case PIPE -> 13;
            case ALRM -> 14;
            case TERM -> 15;
            case CONT -> 18;
            case STOP -> 19;
            case TSTP -> 20;
            case TTIN -> 21;
            case TTOU -> 22;
            case WINCH -> 28;
        };
    }

    /** The portable signal of a Linux number, or null if it has no portable name (SIGSEGV, ...). */
    static Signal fromNumber(int number) {
        return switch (number) {
            case 1 -> Signal.HUP;
            case 2 -> Signal.INT;
            case 3 -> Signal.QUIT;
            case 6 -> Signal.ABRT;
            case 9 -> Signal.KILL;
            case 10 -> Signal.USR1;
            case 12 -> Signal.USR2;
            case 13 -> Signal.PIPE;
            case 14 -> Signal.ALRM;
            case 15 -> Signal.TERM;
            case 18 -> Signal.CONT;
            case 19 -> Signal.STOP;
            case 20 -> Signal.TSTP;
            case 21 -> Signal.TTIN;
            case 22 -> Signal.TTOU;
            case 28 -> Signal.WINCH;
            default -> null;
        };
    }
}

package dev.hsu.macos.internal;

import dev.hsu.spi.ExitStatus;

/** Decodes a BSD wait status word (sys/wait.h: low 7 bits the signal, 0x80 the core flag, bits 8-15 the code). */
final class WaitStatus {
    private WaitStatus() {
    }

    static ExitStatus decode(int status) {
        int signal = status & 0x7F;
        if (signal == 0) {
            return new ExitStatus.Exited((status >> 8) & 0xFF);
        }
        if (signal == 0x7F) {
            throw new IllegalArgumentException("wait status " + status + " is a stop, not an end");
        }
        return new ExitStatus.Killed(signal, MacSignals.fromNumber(signal), (status & 0x80) != 0);
    }
}

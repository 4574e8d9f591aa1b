package dev.hsu.linux.internal;

import dev.hsu.spi.ExitStatus;

/** Decodes the {@code int} that {@code waitpid(2)} stores (the W* macros of glibc). */
final class WaitStatus {

    private WaitStatus() {
    }

    /**
     * @param status the raw wait status of a process that has terminated
     * @throws IllegalArgumentException if the status reports a stopped or continued process
     */
    static ExitStatus decode(int status) {
        int termSig = status & 0x7f;
        if (termSig == 0) {
            return new ExitStatus.Exited((status >> 8) & 0xff);
        }
        if (termSig == 0x7f || status == 0xffff) {
            throw new IllegalArgumentException("wait status 0x" + Integer.toHexString(status)
                    + " is a stop or continue report, not a termination");
        }
        return new ExitStatus.Killed(termSig, LinuxSignals.fromNumber(termSig), (status & 0x80) != 0);
    }
}

package dev.hsu.spi;

/**
 * How a process ended, as the operating system reports it. A closed set: a process either
 * returned an exit code or was ended by a signal; or, for a process the master did not start
 * itself ({@link ProcessLauncher#adopt adopted}), the end is known but not how.
 */
public sealed interface ExitStatus permits ExitStatus.Exited, ExitStatus.Killed, ExitStatus.Unknown {

    /** True for exit code 0 only. */
    boolean success();

    /**
     * The process called exit() (or returned from main).
     *
     * @param code the exit code, 0..255 on POSIX; the full 32-bit value on Windows
     */
    record Exited(int code) implements ExitStatus {
        @Override
        public boolean success() {
            return code == 0;
        }

        @Override
        public String toString() {
            return "exit code " + code;
        }
    }

    /**
     * The process was ended by a signal.
     *
     * @param signalNumber the platform's signal number
     * @param signal the portable signal, or null if the number has no portable name
     * @param coreDumped whether the kernel wrote a core dump
     */
    record Killed(int signalNumber, Signal signal, boolean coreDumped) implements ExitStatus {
        @Override
        public boolean success() {
            return false;
        }

        /** {@code SIGKILL}, or {@code signal 42} for a number without a portable name. */
        public String signalName() {
            return signal != null ? signal.signalName() : "signal " + signalNumber;
        }

        @Override
        public String toString() {
            return "killed by " + signalName() + (coreDumped ? " (core dumped)" : "");
        }
    }

    /**
     * The process ended, but its exit status could not be collected: only a process's parent can
     * reap it, and an adopted process's parent is not this master.
     *
     * @param reason why it is unknown, e.g. {@code exit status unknown (adopted process)}
     */
    record Unknown(String reason) implements ExitStatus {
        public Unknown {
            java.util.Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean success() {
            return false;
        }

        @Override
        public String toString() {
            return reason;
        }
    }
}

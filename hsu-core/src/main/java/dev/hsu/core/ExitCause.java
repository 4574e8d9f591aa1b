package dev.hsu.core;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LimitViolation;
import java.util.Objects;

/** Why a unit's process ended, or why it could not start. A closed set. */
public sealed interface ExitCause {

    /**
     * A short sentence for people, e.g. {@code exit code 1}, {@code killed by SIGKILL},
     * {@code OOM (memory limit 64MiB)}, {@code stopped gracefully (exit code 0)}.
     */
    String describe();

    /**
     * True if this counts as a failure for the {@code on-failure} restart policy: a non-zero exit
     * code, a death by signal or limit, a failed health check, an unknown end or a failed launch.
     * Only a clean exit and a stop asked for by a user are not.
     */
    default boolean isFailure() {
        return true;
    }

    /** The process called exit with {@code code}. */
    record Exited(int code) implements ExitCause {
        @Override
        public String describe() {
            return "exit code " + code;
        }

        @Override
        public boolean isFailure() {
            return code != 0;
        }
    }

    /**
     * The process was ended by a signal that nobody in HSU sent.
     *
     * @param signal the signal's name, e.g. {@code SIGSEGV} or {@code signal 42}
     */
    record Killed(String signal) implements ExitCause {
        public Killed {
            Objects.requireNonNull(signal, "signal");
        }

        @Override
        public String describe() {
            return "killed by " + signal;
        }
    }

    /** The kernel ended the process because it hit a configured limit (e.g. an OOM kill). */
    record LimitExceeded(LimitViolation violation) implements ExitCause {
        public LimitExceeded {
            Objects.requireNonNull(violation, "violation");
        }

        @Override
        public String describe() {
            return violation.description();
        }
    }

    /**
     * The process ended after a stop asked for by a user or the master's shutdown.
     *
     * @param forced true if it outlived its graceful timeout and was killed
     * @param status what the OS reported
     */
    record Stopped(boolean forced, ExitStatus status) implements ExitCause {
        public Stopped {
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String describe() {
            return (forced ? "stopped forcibly after the graceful timeout (" : "stopped gracefully (")
                    + status + ")";
        }

        @Override
        public boolean isFailure() {
            return false;
        }
    }

    /**
     * The unit's {@code health_check} failed {@code failure_threshold} times in a row, so HSU
     * stopped the process to restart it (by its restart policy).
     *
     * @param detail the last failed check's result
     * @param status what the OS reported for the stopped process
     */
    record Unhealthy(String detail, ExitStatus status) implements ExitCause {
        public Unhealthy {
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String describe() {
            return "health check failed (" + detail + "), stopped (" + status + ")";
        }
    }

    /**
     * The process could not be started (missing executable, missing working directory, ...).
     *
     * @param message what failed and what to do, as the adapter said it
     */
    record LaunchFailed(String message) implements ExitCause {
        public LaunchFailed {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String describe() {
            return "failed to start: " + message;
        }
    }

    /**
     * The process ended, but how is not known: it was adopted from a previous master, and only
     * its parent could collect its exit status. Counted as a failure, so that {@code on-failure}
     * restarts it.
     *
     * @param reason e.g. {@code exit status unknown (adopted process)}
     */
    record Unknown(String reason) implements ExitCause {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String describe() {
            return "ended, " + reason;
        }
    }
}

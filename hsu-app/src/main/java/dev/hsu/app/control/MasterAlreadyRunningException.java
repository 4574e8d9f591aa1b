package dev.hsu.app.control;

import java.util.OptionalLong;

/**
 * Another master already serves the state directory, so this one must not start: two masters
 * would fight over the same units' processes and the same socket.
 */
public final class MasterAlreadyRunningException extends IllegalStateException {

    private final transient StateDirectory directory;
    private final OptionalLong pid;

    /**
     * @param directory the contested state directory
     * @param pid the running master's pid, when its pid file could be read
     */
    public MasterAlreadyRunningException(StateDirectory directory, OptionalLong pid) {
        super("another HSU master " + (pid.isPresent() ? "(pid " + pid.getAsLong() + ") " : "(pid unknown) ")
                + "is already running on state directory " + directory + "; stop it with `hsu shutdown"
                + " --state-dir " + directory + "`, or give this one another --state-dir or "
                + StateDirectory.ENV_VARIABLE);
        this.directory = directory;
        this.pid = pid;
    }

    public StateDirectory directory() {
        return directory;
    }

    /** The running master's pid, empty when unknown. */
    public OptionalLong pid() {
        return pid;
    }
}

package dev.hsu.app.control;

import java.io.IOException;

/** No master answers on a state directory's control socket (none, or a stale socket file). */
public final class MasterNotRunningException extends IOException {

    private final transient StateDirectory directory;

    public MasterNotRunningException(StateDirectory directory, Throwable cause) {
        super("no HSU master is running on state directory " + directory + " (start one with `hsu run FILE`"
                + " or point --state-dir/" + StateDirectory.ENV_VARIABLE + " at it)", cause);
        this.directory = directory;
    }

    public StateDirectory directory() {
        return directory;
    }
}

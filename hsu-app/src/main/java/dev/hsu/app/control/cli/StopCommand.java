package dev.hsu.app.control.cli;

/** {@code hsu stop NAME...|all [-o table|json]}. */
public final class StopCommand extends TransitionCommand {

    public StopCommand() {
        super("stop", "Stop units: their stop signal, then SIGKILL for the whole tree after the graceful timeout. Stopped units are not restarted.");
    }
}

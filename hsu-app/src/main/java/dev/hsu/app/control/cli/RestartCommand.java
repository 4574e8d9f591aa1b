package dev.hsu.app.control.cli;

/** {@code hsu restart NAME...|all [-o table|json]}. */
public final class RestartCommand extends TransitionCommand {

    public RestartCommand() {
        super("restart", "Stop, then start units, and wait until they run again.");
    }
}

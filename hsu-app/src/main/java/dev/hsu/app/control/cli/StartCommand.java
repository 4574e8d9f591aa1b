package dev.hsu.app.control.cli;

/** {@code hsu start NAME...|all [-o table|json]}. */
public final class StartCommand extends TransitionCommand {

    public StartCommand() {
        super("start", "Start units and wait until they run (or failed).");
    }
}

package dev.hsu.app.control.cli;

import picocli.CommandLine.Command;

/** {@code hsu start NAME...|all}. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start units and wait until they run (or failed).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the start failed for some unit", "2:usage error", "3:no master running",
            "4:unknown unit"})
public final class StartCommand extends TransitionCommand {

    @Override
    String verb() {
        return "start";
    }
}

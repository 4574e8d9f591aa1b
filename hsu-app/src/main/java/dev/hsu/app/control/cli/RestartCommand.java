package dev.hsu.app.control.cli;

import picocli.CommandLine.Command;

/** {@code hsu restart NAME...|all}. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Stop, then start units, and wait until they run again.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the restart failed for some unit", "2:usage error", "3:no master running",
            "4:unknown unit"})
public final class RestartCommand extends TransitionCommand {

    @Override
    String verb() {
        return "restart";
    }
}

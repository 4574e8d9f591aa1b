package dev.hsu.app.control.cli;

import picocli.CommandLine.Command;

/** {@code hsu stop NAME...|all}. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop units: the stop signal, then SIGKILL after the graceful timeout; they are not restarted.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the stop failed for some unit", "2:usage error", "3:no master running",
            "4:unknown unit"})
public final class StopCommand extends TransitionCommand {

    @Override
    String verb() {
        return "stop";
    }
}

package dev.hsu.core.health;

import dev.hsu.spi.LaunchedProcess;

/**
 * A process check: healthy while the unit's main process is alive.
 *
 * <p>Platform note: an adapter completes {@link LaunchedProcess#onExit()} when it reaps the
 * process, on the exit event itself (a pidfd or a process handle), so a process that has exited
 * is a zombie only until that event is handled; it counts as alive until then, and its exit is
 * reported as an exit right after.
 *
 * <p>Thread-safety: immutable.
 */
public final class ProcessCheck implements CheckAttempt {
    private final LaunchedProcess process;

    public ProcessCheck(LaunchedProcess process) {
        this.process = process;
    }

    @Override
    public CheckResult run() {
        return process.isAlive() ? CheckResult.ok("pid " + process.pid() + " is alive")
                : CheckResult.failed("pid " + process.pid() + " has exited");
    }
}

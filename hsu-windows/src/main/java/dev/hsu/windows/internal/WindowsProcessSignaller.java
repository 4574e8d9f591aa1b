package dev.hsu.windows.internal;

import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.Signal;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.util.List;

/**
 * Windows has no signals; the two HSU needs are mapped:
 *
 * <ul>
 *   <li>TERM, the graceful stop: CTRL_BREAK to the process's console group ({@link ConsoleControl})
 *       for a console program, WM_CLOSE to its main windows ({@link WindowCloser}) for a GUI program;
 *       both when the kind is unknown. To the tree: CTRL_BREAK to the group and WM_CLOSE to the main
 *       windows of every process in the Job Object.</li>
 *   <li>KILL: {@code TerminateProcess} for the process, {@code TerminateJobObject} for the tree,
 *       which reaches every descendant, however it was started: a Job Object cannot be left.</li>
 * </ul>
 * Any other signal is an {@link UnsupportedCapabilityException}. INT in particular: CTRL_C cannot
 * be sent to one process group ({@code GenerateConsoleCtrlEvent} delivers it to the whole console
 * or to nobody).
 *
 * <p>Platform note: CTRL_BREAK reaches the whole console group of the process (its descendants
 * that did not start a group of their own), even for {@link #signal}; Windows cannot address one
 * process of a group.
 *
 * <p>Thread-safety: safe from any thread. An ended process is not an error.
 */
final class WindowsProcessSignaller implements ProcessSignaller {
    private final ConsoleControl console;
    private final WindowCloser windows;

    WindowsProcessSignaller(ConsoleControl console, WindowCloser windows) {
        this.console = console;
        this.windows = windows;
    }

    @Override
    public void signal(LaunchedProcess process, Signal signal) {
        WindowsProcess p = own(process);
        switch (signal) {
            case KILL -> p.terminate();
            case TERM -> graceful(p, false);
            default -> throw unsupported(signal);
        }
    }

    @Override
    public void signalTree(LaunchedProcess process, Signal signal) {
        WindowsProcess p = own(process);
        switch (signal) {
            case KILL -> killTree(p);
            case TERM -> graceful(p, true);
            default -> throw unsupported(signal);
        }
    }

    /** @return the processes the job had when it was terminated (0 if none was left) */
    @Override
    public int killTree(LaunchedProcess process) {
        WindowsProcess p = own(process);
        WindowsConfinement job = p.job();
        int active = job.activeProcesses();
        if (active == 0) {
            return 0;
        }
        p.killSent();
        if (!job.terminate(ExitCodes.KILL_EXIT_CODE) && !job.isReleased()) {
            throw new IllegalStateException("cannot end the processes of unit " + p.unitId() + " (TerminateJobObject failed)");
        }
        return active;
    }

    private void graceful(WindowsProcess p, boolean tree) {
        boolean alive = p.isAlive();
        if (!alive && !tree) {
            return;
        }
        p.termSent();
        if (alive && p.kind() != PeImage.Kind.GUI) {
            try {
                console.sendBreak((int) p.pid(), p.ownConsole());
            } catch (IllegalStateException e) {
                if (p.isAlive()) {
                    throw new IllegalStateException("unit " + p.unitId() + ": " + e.getMessage(), e);
                }
                // it ended meanwhile: nothing to stop
            }
        }
        if (tree || p.kind() != PeImage.Kind.CONSOLE) {
            List<Integer> pids = tree ? p.job().processIds() : List.of((int) p.pid());
            windows.close(pids);
        }
    }

    private static UnsupportedCapabilityException unsupported(Signal signal) {
        String why = signal == Signal.INT
                ? "CTRL_C cannot be sent to one process group on Windows; use TERM (CTRL_BREAK or WM_CLOSE)"
                : "Windows has no " + signal.signalName() + "; only TERM (CTRL_BREAK or WM_CLOSE) and KILL exist";
        return new UnsupportedCapabilityException("signal " + signal.signalName(), WindowsCapabilities.PLATFORM, why);
    }

    private static WindowsProcess own(LaunchedProcess process) {
        if (process instanceof WindowsProcess p) {
            return p;
        }
        throw new IllegalArgumentException("process " + process.pid() + " was not started by the Windows adapter's "
                + "launcher; only processes it started can be signalled");
    }
}

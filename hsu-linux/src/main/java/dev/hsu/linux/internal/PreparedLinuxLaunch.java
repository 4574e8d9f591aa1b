package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.UnitCgroup;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.PreparedLaunch;
import java.nio.file.Path;

/**
 * A launch checked and built up to the {@code posix_spawn} call (see
 * {@link dev.hsu.spi.ProcessLauncher#prepare}): its pipes and output files are open, its argv and
 * envp are in native memory. {@link #start()} spawns and tracks the process, once; {@link #close()}
 * frees all of it if no start took it.
 *
 * <p>Thread-safety: safe from any thread; {@link #start()} and {@link #close()} exclude each other.
 * Its cgroups may be joined by the spawning platform thread ({@link ThreadCgroupSwitch}): the
 * event loop when it starts there (a prepared restart), else a spawner thread.
 */
final class PreparedLinuxLaunch implements PreparedLaunch {
    private final LinuxProcessLauncher launcher;
    private final LaunchSpec spec;
    private final Path program;
    private final Path cwd;
    private final Stdio stdio;
    private final Spawner.Prepared call;
    /** Joined by the starting thread itself (event loop only), or null: the trampoline joins. */
    private final UnitCgroup threadJoin;
    /** {@code threadJoin}'s tasks files, opened ahead; null: opened at the start. */
    private ThreadCgroupSwitch.Joins joins;
    private boolean used;
    /** Run once when it is started or closed: gives back its share of the fd budget. */
    private Runnable released = () -> { };

    PreparedLinuxLaunch(LinuxProcessLauncher launcher, LaunchSpec spec, Path program, Path cwd, Stdio stdio,
            Spawner.Prepared call, UnitCgroup threadJoin) {
        this.threadJoin = threadJoin;
        this.launcher = launcher;
        this.spec = spec;
        this.program = program;
        this.cwd = cwd;
        this.stdio = stdio;
        this.call = call;
    }

    @Override
    public String unitId() {
        return spec.unitId();
    }

    /**
     * Opens the {@code tasks} files its start will write, so that the start (a prepared restart,
     * at the exit of the process before it) does not open them. No-op without a thread join, or
     * past the launcher's budget of such files. Called once the launch is armed, not while it is
     * prepared, so that an exit right after the arming finds it armed; a start that comes first
     * opens the files itself, and these are closed at once. Never throws.
     */
    void openJoinsAhead() {
        synchronized (this) {
            if (threadJoin == null || joins != null || used) {
                return;
            }
        }
        ThreadCgroupSwitch.Joins opened = launcher.openJoinsAhead(spec.unitId(), threadJoin);
        if (opened == null) {
            return;
        }
        synchronized (this) {
            if (!used && joins == null) {
                joins = opened;
                return;
            }
        }
        opened.close();
    }

    /** The master's ends of its capture pipes, held until the start or the close. */
    int pipeFds() {
        return 2 * stdio.pipes().size();
    }

    /** The highest of those descriptors; -1 without pipes. */
    int highestPipeFd() {
        int max = -1;
        for (Stdio.Pipe pipe : stdio.pipes()) {
            max = Math.max(max, Math.max(pipe.readFd(), pipe.writeFd()));
        }
        return max;
    }

    /** Sets what to run once, at the start or the close. */
    synchronized void whenReleased(Runnable action) {
        released = action;
    }

    /** Whether {@code launcher} made it (a prepared launch only starts through its own launcher). */
    boolean madeBy(LinuxProcessLauncher launcher) {
        return this.launcher == launcher;
    }

    /**
     * Spawns the process and starts watching it.
     *
     * @throws LaunchException as {@link LinuxProcessLauncher#launch} does
     * @throws IllegalStateException if it was started or closed before
     */
    synchronized LaunchedProcess start() throws LaunchException {
        if (used) {
            throw new IllegalStateException("the prepared launch of unit " + spec.unitId() + " was already used");
        }
        used = true;
        released.run();
        try {
            return launcher.start(spec, program, cwd, stdio, call, threadJoin, joins);
        } finally {
            call.close();
            if (joins != null) {
                joins.close();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (used) {
            return;
        }
        used = true;
        released.run();
        stdio.closeAll();
        call.close();
        if (joins != null) {
            joins.close();
        }
    }
}

package dev.hsu.macos.internal;

import com.sun.jna.Memory;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ProcessLauncher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts processes with {@code posix_spawn} (no fork of the JVM, no reaper thread per child); the
 * exit is seen by an {@code EVFILT_PROC} knote in the shared {@link KqueueLoop}.
 *
 * <p>Order of a launch: checks in Java that name the unit and the fix (strings, working directory,
 * executable, rlimit and niceness permissions, output files); then the spawn, directly when nothing
 * must happen before the program runs, else through the exec {@link Trampoline}; then the start
 * time (libproc), the capture pipes' and the exit's registration. A child that exited before its
 * knote could be added ({@code ESRCH}) is reaped through a posted event, on the loop thread too.
 *
 * <p>Thread-safety: safe from any number of threads at once; the shell is inspected once, on the
 * first launch that needs the trampoline.
 */
final class MacProcessLauncher implements ProcessLauncher {
    private final MacLibc libc;
    private final KqueueLoop loop;
    private final Spawner spawner;
    private final ProcInfo proc;
    private final MasterLimits master;
    private final Supplier<ShellProfile> shellDetector;
    private final Path masterDirectory;
    private volatile ShellProfile shell;

    MacProcessLauncher(MacLibc libc, KqueueLoop loop, ProcInfo proc, Supplier<ShellProfile> shellDetector,
            Path masterDirectory) {
        this.libc = libc;
        this.loop = loop;
        this.spawner = new Spawner(libc);
        this.proc = proc;
        this.master = new MasterLimits(libc);
        this.shellDetector = shellDetector;
        this.masterDirectory = masterDirectory;
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws LaunchException {
        String unit = spec.unitId();
        MacConfinement confinement = macConfinement(spec.confinement());
        spec.checkArgumentsPassable();
        spec.checkPosixEnvironmentPassable();
        Path cwd = ExecutableResolver.checkWorkingDirectory(unit, masterDirectory, spec.workingDirectory());
        Path program = ExecutableResolver.resolve(unit, spec.executable(), spec.environment().get("PATH"), cwd);
        for (RlimitStep step : confinement.rlimits()) {
            master.checkCanSet(unit, step);
        }
        int niceDelta = spec.niceness() == null ? 0 : master.niceDelta(unit, spec.niceness());

        String path;
        List<String> argv;
        if (confinement.rlimits().isEmpty() && niceDelta == 0) {
            path = program.toString();
            argv = new ArrayList<>(spec.args().size() + 1);
            argv.add(spec.executable());
            argv.addAll(spec.args());
        } else {
            try {
                argv = Trampoline.argv(shell(), confinement.rlimits(), niceDelta, spec.environment(), spec.executable(),
                        spec.args());
                path = argv.get(0);
            } catch (IllegalArgumentException e) {
                throw new LaunchException("unit " + unit + ": cannot apply its limits or niceness: " + e.getMessage(), e);
            }
        }

        Stdio stdio = Stdio.prepare(libc, unit, spec.stdout(), spec.stderr());
        List<String> envp = new ArrayList<>(spec.environment().size());
        for (Map.Entry<String, String> e : spec.environment().entrySet()) {
            envp.add(e.getKey() + "=" + e.getValue());
        }
        SpawnPlan plan = new SpawnPlan(path, argv, envp, spec.workingDirectory() == null ? null : cwd.toString(),
                stdio.actions());
        int pid;
        try {
            pid = spawner.spawn(plan);
        } catch (NativeCallException e) {
            stdio.closeAll();
            throw spawnFailure(spec, program, cwd, e);
        }
        stdio.afterSpawn();
        return track(spec, pid, stdio);
    }

    private MacProcess track(LaunchSpec spec, int pid, Stdio stdio) throws LaunchException {
        String unit = spec.unitId();
        Instant start = proc.bsd(pid)
                .map(info -> Instant.ofEpochSecond(info.pbi_start_tvsec, info.pbi_start_tvusec * 1000))
                .orElseGet(Instant::now);
        List<CapturePipe> pipes = new ArrayList<>();
        for (Stdio.Pipe pipe : stdio.pipes()) {
            pipes.add(new CapturePipe(libc, loop, pipe.readFd(), loop.newToken(), pipe.sink(), unit));
        }
        MacProcess process = new MacProcess(libc, loop, pid, loop.newToken(), unit, spec.confinement(), start, pipes);
        List<CapturePipe> registered = new ArrayList<>();
        try {
            // Pipes first: the exit handler drains them.
            for (CapturePipe pipe : pipes) {
                pipe.register();
                registered.add(pipe);
            }
            boolean watched = loop.watchExit(pid, process.token(), process);
            // Not watched: it had exited already (ESRCH). Watched but a zombie by now: it may have
            // exited while the knote was being attached, and NOTE_EXIT is edge-triggered. Either way
            // it is reaped on the loop thread; a second event for the same exit finds it reaped.
            if (!watched || proc.bsd(pid).map(ProcBsdInfo::isZombie).orElse(false)) {
                process.exitCertain();
                loop.post(process.token(), process);
            }
        } catch (NativeCallException e) {
            for (CapturePipe pipe : registered) {
                loop.unwatchReadable(pipe.fd(), pipe.token());
            }
            abandon(pid, stdio);
            throw new LaunchException("unit " + unit + ": started as pid " + pid + " but could not watch it ("
                    + e.getMessage() + "); it was killed", e);
        }
        return process;
    }

    /** Kills and reaps a child that cannot be tracked, so it neither runs unsupervised nor stays a zombie. */
    private void abandon(int pid, Stdio stdio) {
        libc.kill(pid, MacSignals.SIGKILL);
        try (Memory status = new Memory(4)) {
            while (libc.waitpid(pid, status, 0) < 0 && libc.lastError() == Errno.EINTR) {
                // retry
            }
        }
        stdio.closeReadEnds();
    }

    private ShellProfile shell() {
        ShellProfile known = shell;
        if (known == null) {
            synchronized (this) {
                if (shell == null) {
                    shell = shellDetector.get();
                }
                known = shell;
            }
        }
        return known;
    }

    private static MacConfinement macConfinement(Confinement confinement) throws LaunchException {
        if (confinement instanceof MacConfinement mac) {
            return mac;
        }
        if (confinement.limits().isEmpty()) {
            return new MacConfinement(confinement.unitId(), confinement.limits(), List.of());
        }
        throw new LaunchException("unit " + confinement.unitId() + ": its confinement (" + confinement.getClass().getName()
                + ") was not made by the macOS adapter's limiter, so its limits cannot be applied; prepare it with the "
                + "same provider's limiter()");
    }

    private static LaunchException spawnFailure(LaunchSpec spec, Path program, Path cwd, NativeCallException e) {
        String what = switch (e.errno()) {
            case Errno.ENOEXEC -> "macOS cannot execute " + program + " (not a binary for this machine, or a script "
                    + "without a #! line); add a #! line or rebuild it";
            case Errno.EACCES -> "permission denied executing " + program + ", opening an output file or entering " + cwd
                    + "; check their permissions";
            case Errno.ENOENT -> program + ", its interpreter (#! line) or an output file's directory does not exist; "
                    + "check the program and the unit's paths";
            case Errno.E2BIG -> "the arguments and environment are too large; shorten them";
            case Errno.EAGAIN -> "the master's user has reached its process limit (ulimit -u, kern.maxprocperuid)";
            case Errno.ENOMEM -> "out of memory";
            case Errno.ETXTBSY -> program + " is being written to; retry when the write is done";
            default -> e.getMessage();
        };
        return new LaunchException("unit " + spec.unitId() + ": cannot start " + spec.executable() + ": " + what + " ["
                + e.getMessage() + "]", e);
    }
}

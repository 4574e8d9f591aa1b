package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.BlockDevices;
import dev.hsu.linux.internal.cgroup.CgroupException;
import dev.hsu.linux.internal.cgroup.UnitCgroup;
import dev.hsu.spi.AdoptionRecord;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.PreparedLaunch;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ResourceLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts processes with {@code posix_spawn}: no fork of the JVM's page tables, no reaper thread
 * per child (the exit is seen through the child's pidfd in the shared {@link EventLoop}).
 *
 * <p>Order of a launch: checks in Java that name the unit and the fix (working directory,
 * executable, niceness and rlimit permissions, output files); the per-disk I/O limits of the
 * unit's cgroup for the working directory's disk; then the spawn, directly when
 * nothing must happen before the program runs (the fast path), else through the exec
 * {@link Trampoline}; then {@code pidfd_open} (valid even if the child already exited: it is a
 * zombie until we reap it) and registration of the capture pipes and the pidfd.
 *
 * <p>Thread-safety: safe from any number of threads at once; the shell profile is detected once,
 * on the first launch that needs the trampoline.
 */
final class LinuxProcessLauncher implements ProcessLauncher {

    /**
     * The most pipe ends a prepared launch holds: stdout's and stderr's, both ends. Reserved
     * before the launch is built, so that a launch past the budget costs nothing.
     */
    private static final int MAX_PIPE_FDS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(LinuxProcessLauncher.class);

    private final EventLoop loop;
    private final StartTimes startTimes;
    private final MasterLimits master;
    private final BlockDevices devices;
    /** Null: no adoption and no lifeline (tests that build a bare launcher). */
    private final ProcessAdopter adopter;
    private final ThreadCgroupSwitch cgroupSwitch = new ThreadCgroupSwitch();
    private final CgroupSpawners spawners = CgroupSpawners.shared();
    private final ExecFormat execFormat = new ExecFormat(Path.of("/proc/sys/fs/binfmt_misc"));
    private volatile ShellProfile shell;
    private final PreparedFdBudget preparedFds;

    LinuxProcessLauncher(EventLoop loop, StartTimes startTimes, MasterLimits master, BlockDevices devices) {
        this(loop, startTimes, master, devices, null);
    }

    LinuxProcessLauncher(EventLoop loop, StartTimes startTimes, MasterLimits master, BlockDevices devices,
            ProcessAdopter adopter) {
        this(loop, startTimes, master, devices, adopter, new PreparedFdBudget(master::openFilesSoftLimit));
    }

    /** @param preparedFds the budget of descriptors that prepared launches may hold */
    LinuxProcessLauncher(EventLoop loop, StartTimes startTimes, MasterLimits master, BlockDevices devices,
            ProcessAdopter adopter, PreparedFdBudget preparedFds) {
        this.preparedFds = preparedFds;
        this.adopter = adopter;
        this.loop = loop;
        this.startTimes = startTimes;
        this.master = master;
        this.devices = devices;
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws LaunchException {
        try (PreparedLinuxLaunch prepared = prepareLaunch(spec)) {
            return prepared.start();
        }
    }

    /**
     * See {@link ProcessLauncher#prepare}. Not offered with a C library older than glibc 2.34:
     * without {@code posix_spawn_file_actions_addclosefrom_np} the fds to close in the child are
     * listed when the spawn is built, and a launch prepared long before its start would miss
     * the fds opened since.
     */
    @Override
    public Optional<PreparedLaunch> prepare(LaunchSpec spec) throws LaunchException {
        if (!LibcOptional.HAS_ADDCLOSEFROM) {
            return Optional.empty();
        }
        if (!preparedFds.reserve(MAX_PIPE_FDS)) {
            LOG.debug("unit {}: its restart is not prepared: prepared launches hold {} file descriptors already",
                    spec.unitId(), preparedFds.held());
            return Optional.empty();
        }
        PreparedLinuxLaunch prepared;
        try {
            prepared = prepareLaunch(spec);
        } catch (LaunchException | RuntimeException e) {
            preparedFds.release(MAX_PIPE_FDS);
            throw e;
        }
        int fds = prepared.pipeFds();
        preparedFds.release(MAX_PIPE_FDS - fds);
        if (preparedFds.crowded(prepared.highestPipeFd())) {
            preparedFds.release(fds);
            LOG.debug("unit {}: its restart is not prepared: the master's descriptors reach {}", spec.unitId(),
                    prepared.highestPipeFd());
            prepared.close();
            return Optional.empty();
        }
        prepared.whenReleased(() -> preparedFds.release(fds));
        return Optional.of(prepared);
    }

    /** Descriptors held by launches this launcher prepared and nobody started or closed yet (for tests). */
    long preparedFdsHeld() {
        return preparedFds.held();
    }

    /**
     * {@code cgroup}'s tasks files, opened for a prepared launch's later start; null (the start
     * then opens them) past their share of {@link PreparedFdBudget} or when one cannot be opened.
     * They are held because opening them at a prepared restart's spawn, on a machine idle for a
     * second, took 0.1-0.5 ms each (kernfs lookups on cold memory: 2-core VM, in-process timing).
     * Never throws.
     */
    ThreadCgroupSwitch.Joins openJoinsAhead(String unit, UnitCgroup cgroup) {
        try {
            ThreadCgroupSwitch.Joins joins = cgroupSwitch.openAhead(cgroup, preparedFds.share());
            if (joins != null && preparedFds.crowded(joins.highestFd())) {
                joins.close();
                return null;
            }
            return joins;
        } catch (NativeCallException | RuntimeException e) {
            LOG.debug("unit {}: its cgroup files are opened at the start instead: {}", unit, e.getMessage());
            return null;
        }
    }

    /** How many cgroup {@code tasks} files launches prepared by this launcher hold open (for tests). */
    int joinFilesHeldAhead() {
        return cgroupSwitch.heldAhead();
    }

    /**
     * Where the unit's cgroups are all v1 and nothing else must happen before the program runs,
     * the spawning platform thread joins them itself ({@link ThreadCgroupSwitch}: the event loop
     * for a prepared restart, else one of the spawner threads) instead of an exec trampoline.
     */
    private PreparedLinuxLaunch prepareLaunch(LaunchSpec spec) throws LaunchException {
        String unit = spec.unitId();
        LinuxConfinement confinement = linuxConfinement(spec.confinement());
        spec.checkArgumentsPassable();
        spec.checkPosixEnvironmentPassable();
        Path cwd = ExecutableResolver.checkWorkingDirectory(unit, spec.workingDirectory());
        Path program = ExecutableResolver.resolve(unit, spec.executable(), spec.environment().get("PATH"), cwd);
        for (PreExecStep step : confinement.preExecSteps()) {
            if (step instanceof SetRlimit rlimit) {
                master.checkCanSet(unit, rlimit);
            }
        }
        int niceDelta = spec.niceness() == null ? 0 : master.niceDelta(unit, spec.niceness());
        if (confinement.cgroup() != null) {
            applyDeviceLimits(unit, confinement, cwd);
        }

        List<PreExecStep> steps = confinement.preExecSteps();
        if (spec.umask() != null) {
            steps = new ArrayList<>(steps);
            steps.add(new SetUmask(spec.umask()));
        }
        List<String> wrapper = spec.identity() == null ? List.of()
                : IdentitySwitch.system().command(unit, spec.identity());
        UnitCgroup threadJoin = null;
        // Not with a pids limit: the joining thread counts in pids.current while it forks, so
        // max_processes 1 would refuse the spawn.
        if (confinement.cgroup() != null && niceDelta == 0 && confinement.limits().maxProcesses() == null && wrapper.isEmpty()
                && steps.stream().allMatch(JoinCgroup.class::isInstance) && ThreadCgroupSwitch.canJoin(confinement.cgroup())) {
            threadJoin = confinement.cgroup();
            steps = List.of();
        }
        String path;
        List<String> argv;
        if (steps.isEmpty() && niceDelta == 0 && wrapper.isEmpty()) {
            // A path is passed as given (relative ones resolve in the child after its chdir), so a
            // script sees the same $0 as when a shell runs it; a bare name as the file found in PATH.
            path = spec.executable().indexOf('/') >= 0 ? spec.executable() : program.toString();
            argv = new ArrayList<>(spec.args().size() + 1);
            argv.add(spec.executable());
            argv.addAll(spec.args());
        } else {
            if (!execFormat.executable(program)) {
                throw spawnFailure(spec, program, cwd, new NativeCallException("execve", Errno.ENOEXEC));
            }
            try {
                Trampoline.Invocation invocation = Trampoline.build(shell(), steps, niceDelta, wrapper,
                        spec.environment(), spec.executable(), spec.args());
                path = invocation.path();
                argv = invocation.argv();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new LaunchException("unit " + unit + ": cannot apply its limits or niceness: " + e.getMessage(), e);
            }
        }

        Stdio stdio = Stdio.prepare(unit, spec.stdout(), spec.stderr(), cwd);
        SpawnPlan plan = new SpawnPlan(utf8(path), encodeAll(argv), encodeEnvironment(spec.environment()),
                spec.workingDirectory() == null ? null : utf8(cwd.toString()), stdio.actions());
        Spawner.Prepared call;
        try {
            call = Spawner.prepare(plan);
        } catch (NativeCallException e) {
            stdio.closeAll();
            throw spawnFailure(spec, program, cwd, e);
        }
        return new PreparedLinuxLaunch(this, spec, program, cwd, stdio, call, threadJoin);
    }

    /** The second half of a launch: the spawn and the tracking. Called by {@link PreparedLinuxLaunch} once. */
    LaunchedProcess start(LaunchSpec spec, Path program, Path cwd, Stdio stdio, Spawner.Prepared call,
            UnitCgroup threadJoin, ThreadCgroupSwitch.Joins joins) throws LaunchException {
        int pid;
        try {
            if (threadJoin == null) {
                pid = call.spawn();
            } else if (loop.inLoop()) {
                pid = cgroupSwitch.spawnInside(threadJoin, joins, call);
            } else {
                pid = spawners.spawnInside(cgroupSwitch, threadJoin, joins, call);
            }
        } catch (NativeCallException e) {
            stdio.closeAll();
            throw spawnFailure(spec, program, cwd, e);
        }
        stdio.afterSpawn();
        return track(spec, spec.confinement(), pid, stdio);
    }

    /**
     * The I/O limits act on the disk that holds the working directory, known only now (the
     * limiter does not see the spec).
     */
    private void applyDeviceLimits(String unit, LinuxConfinement confinement, Path cwd) throws LaunchException {
        ResourceLimits limits = confinement.limits();
        if (limits.ioReadBps() == null && limits.ioWriteBps() == null && limits.ioWeight() == null) {
            return;
        }
        String keys = Stream.of(limits.ioWeight() != null ? "io_weight" : null,
                limits.ioReadBps() != null ? "io_read_bps" : null, limits.ioWriteBps() != null ? "io_write_bps" : null)
                .filter(Objects::nonNull).collect(Collectors.joining(", "));
        switch (devices.resolve(cwd)) {
            case BlockDevices.Found found -> {
                try {
                    confinement.cgroup().applyDeviceLimits(found.device());
                } catch (CgroupException e) {
                    throw new LaunchException("unit " + unit + ": cannot apply " + keys + ": " + e.getMessage(), e);
                }
            }
            case BlockDevices.NotLimitable no -> throw new LaunchException("unit " + unit + ": " + keys
                    + " cannot be enforced: " + no.reason() + "; give the unit a working directory on a disk, or "
                    + "remove " + keys);
        }
    }

    private LaunchedProcess track(LaunchSpec spec, Confinement confinement, int pid, Stdio stdio)
            throws LaunchException {
        int pidfd = (int) Libc.syscall(Arch.SYS_PIDFD_OPEN, pid, 0);
        if (pidfd < 0) {
            int errno = Errno.last();
            abandon(pid, stdio);
            throw new LaunchException("unit " + spec.unitId() + ": started as pid " + pid
                    + " but could not watch it (pidfd_open: " + Errno.describe(errno) + "); it was killed"
                    + (errno == Errno.EMFILE ? "; raise the master's open file limit (ulimit -n)" : ""));
        }
        List<CapturePipe> pipes = new ArrayList<>(stdio.pipes().size());
        for (Stdio.Pipe pipe : stdio.pipes()) {
            pipes.add(new CapturePipe(loop, pipe.readFd(), loop.newToken(), pipe.sink(), spec.unitId()));
        }
        LinuxProcess process = new LinuxProcess(pid, pidfd, loop.newToken(), spec.unitId(), confinement, loop,
                startTimes, pipes, true, pid, adopter);
        List<CapturePipe> registered = new ArrayList<>();
        try {
            // Pipes first: the exit handler drains them, so they must be known to the loop by then.
            for (CapturePipe pipe : pipes) {
                pipe.register();
                registered.add(pipe);
            }
            loop.register(pidfd, process.token(), process);
        } catch (NativeCallException e) {
            for (CapturePipe pipe : registered) {
                loop.unregister(pipe.fd(), pipe.token());
            }
            Libc.close(pidfd);
            abandon(pid, stdio);
            throw new LaunchException("unit " + spec.unitId() + ": started as pid " + pid
                    + " but could not watch it (" + e.getMessage() + "); it was killed", e);
        }
        if (adopter != null) {
            adopter.watching(process);
        }
        return process;
    }

    /** See {@link ProcessAdopter}. */
    @Override
    public Optional<LaunchedProcess> adopt(AdoptionRecord record) throws LaunchException {
        if (adopter == null) {
            return ProcessLauncher.super.adopt(record);
        }
        return adopter.adopt(record);
    }

    /** See {@link Lifeline}. */
    @Override
    public void bindToMaster(boolean bound) {
        if (adopter == null) {
            ProcessLauncher.super.bindToMaster(bound);
            return;
        }
        adopter.bindToMaster(bound);
    }

    /** Kills and reaps a child we cannot track, so it neither runs unsupervised nor stays a zombie. */
    private static void abandon(int pid, Stdio stdio) {
        Libc.kill(pid, LinuxSignals.SIGKILL);
        try (NativeBlock status = new NativeBlock(4)) {
            while (Libc.waitpid(pid, status, 0) < 0 && Errno.last() == Errno.EINTR) {
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
                    shell = ShellProfile.detect();
                }
                known = shell;
            }
        }
        return known;
    }

    private static LinuxConfinement linuxConfinement(Confinement confinement) throws LaunchException {
        if (confinement instanceof LinuxConfinement linux) {
            return linux;
        }
        if (confinement.limits().isEmpty()) {
            return new LinuxConfinement(confinement.unitId(), confinement.limits(), List.of());
        }
        throw new LaunchException("unit " + confinement.unitId() + ": its confinement (" + confinement.getClass().getName()
                + ") was not made by the Linux adapter's limiter, so its limits cannot be applied; "
                + "prepare it with the same provider's limiter()");
    }

    private static LaunchException spawnFailure(LaunchSpec spec, Path program, Path cwd, NativeCallException e) {
        String unit = spec.unitId();
        String what = switch (e.errno()) {
            case Errno.ENOEXEC -> "the kernel cannot execute " + program + " (not a binary for this machine, "
                    + "or a script without a #! line); add a #! line or rebuild it";
            case Errno.EACCES -> "permission denied executing " + program + " or opening an output file or "
                    + "entering " + cwd + "; check their permissions";
            case Errno.ENOENT -> program + ", its interpreter (#! line) or an output file's directory "
                    + "does not exist; check the program and the unit's paths";
            case Errno.E2BIG -> "the arguments and environment are too large for the kernel; shorten them";
            case Errno.EAGAIN -> "the master has reached its process limit (ulimit -u / pids.max)";
            case Errno.ENOMEM -> "out of memory";
            case Errno.ETXTBSY -> program + " is being written to; retry when the write is done";
            default -> e.getMessage();
        };
        return new LaunchException("unit " + unit + ": cannot start " + spec.executable() + ": " + what
                + " [" + e.getMessage() + "]", e);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> encodeAll(List<String> strings) {
        List<byte[]> out = new ArrayList<>(strings.size());
        for (String s : strings) {
            out.add(utf8(s));
        }
        return out;
    }

    private static List<byte[]> encodeEnvironment(Map<String, String> environment) {
        List<byte[]> out = new ArrayList<>(environment.size());
        for (Map.Entry<String, String> e : environment.entrySet()) {
            out.add(utf8(e.getKey() + "=" + e.getValue()));
        }
        return out;
    }
}

package dev.hsu.windows.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.LongByReference;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ResourceLimits;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts processes with {@code CreateProcessW}, so that the child never runs outside its Job
 * Object: it is created {@code CREATE_SUSPENDED} (its first thread has not run one instruction),
 * assigned to the job, and only then resumed. A failed assignment terminates it before it ran.
 *
 * <p>Order of a launch: checks in Java that name the unit and the fix (strings, environment,
 * working directory, executable with PATH and PATHEXT, command-line quoting, niceness); the
 * child's standard handles ({@link ChildStdio}), inheritable for this child alone through
 * {@code PROC_THREAD_ATTRIBUTE_HANDLE_LIST}; {@code CreateProcessW} with a Unicode environment
 * block, a new process group and the console of {@link ConsoleControl}; assignment to the job;
 * the capture pipes' first reads and the exit wait ({@link ExitWatcher}); then
 * {@code ResumeThread}.
 *
 * <p>A batch file runs through {@code cmd.exe} with the quoting of {@link CommandLine#batch}.
 *
 * <p>Thread-safety: safe from any number of threads at once.
 */
final class WindowsProcessLauncher implements ProcessLauncher {
    private final Kernel32 k32;
    private final IocpLoop loop;
    private final ExitWatcher watcher;
    private final JobObjectLimiter limiter;
    private final ConsoleControl console;
    private final ExecutableSearch.Probe files;
    private final Function<String, PeImage.Kind> kinds;
    private final String masterDirectory;
    private final Map<String, String> masterEnvironment;

    WindowsProcessLauncher(Kernel32 k32, IocpLoop loop, ExitWatcher watcher, JobObjectLimiter limiter,
            ConsoleControl console) {
        this(k32, loop, watcher, limiter, console, ExecutableSearch.Probe.SYSTEM, path -> PeImage.of(Path.of(path)),
                Path.of("").toAbsolutePath().toString(), System.getenv());
    }

    WindowsProcessLauncher(Kernel32 k32, IocpLoop loop, ExitWatcher watcher, JobObjectLimiter limiter,
            ConsoleControl console, ExecutableSearch.Probe files, Function<String, PeImage.Kind> kinds,
            String masterDirectory, Map<String, String> masterEnvironment) {
        this.k32 = k32;
        this.loop = loop;
        this.watcher = watcher;
        this.limiter = limiter;
        this.console = console;
        this.files = files;
        this.kinds = kinds;
        this.masterDirectory = masterDirectory;
        this.masterEnvironment = Map.copyOf(masterEnvironment);
    }

    /** What to run, fully resolved: the application, its command line and how it takes a graceful stop. */
    private record Plan(String application, String commandLine, PeImage.Kind kind) {
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws LaunchException {
        String unit = spec.unitId();
        spec.checkArgumentsPassable();
        String cwd = workingDirectory(spec);
        Memory environment;
        try {
            environment = EnvironmentBlock.encode(spec.environment());
        } catch (IllegalArgumentException e) {
            throw new LaunchException("unit " + unit + ": " + e.getMessage() + "; fix the unit's environment", e);
        }
        Plan plan = plan(spec, cwd);
        int priority = 0;
        if (spec.niceness() != null) {
            try {
                priority = PriorityClass.forNiceness(spec.niceness());
            } catch (IllegalArgumentException e) {
                throw new LaunchException("unit " + unit + ": " + e.getMessage(), e);
            }
        }
        WindowsConfinement job;
        boolean privateJob;
        Confinement confinement = spec.confinement();
        if (confinement instanceof WindowsConfinement w) {
            if (w.isReleased()) {
                throw new LaunchException("unit " + unit + ": its Job Object was already released; prepare a new "
                        + "confinement with the limiter for each run");
            }
            job = w;
            privateJob = false;
        } else if (confinement.limits().isEmpty()) {
            // A confinement of someone else's without limits: the process still needs a job to be
            // ended as a tree; this one is released when the process ends.
            job = limiter.confine(unit, ResourceLimits.NONE);
            privateJob = true;
        } else {
            throw new LaunchException("unit " + unit + ": its confinement (" + confinement.getClass().getName()
                    + ") was not made by the Windows adapter's limiter, so its limits cannot be applied; prepare it "
                    + "with the same provider's limiter()");
        }
        try {
            return start(spec, plan, cwd, environment, priority, job, privateJob);
        } catch (LaunchException | RuntimeException e) {
            if (privateJob) {
                limiter.release(job);
            }
            throw e;
        }
    }

    private WindowsProcess start(LaunchSpec spec, Plan plan, String cwd, Memory environment, int priority,
            WindowsConfinement job, boolean privateJob) throws LaunchException {
        String unit = spec.unitId();
        ChildStdio stdio = ChildStdio.prepare(k32, unit, spec.stdout(), spec.stderr());
        ProcessInformation pi = new ProcessInformation();
        AttributeList attributes = null;
        try {
            attributes = AttributeList.handles(k32, unit, stdio.inheritList());
            StartupInfoEx si = new StartupInfoEx();
            si.dwFlags = Win32.STARTF_USESTDHANDLES;
            si.hStdInput = stdio.stdin();
            si.hStdOutput = stdio.stdout();
            si.hStdError = stdio.stderr();
            si.lpAttributeList = attributes.list();
            int flags = Win32.CREATE_SUSPENDED | Win32.CREATE_UNICODE_ENVIRONMENT | Win32.EXTENDED_STARTUPINFO_PRESENT
                    | console.creationFlags() | priority;
            Pointer directory = spec.workingDirectory() == null ? null : Utf16.of(cwd);
            if (!k32.CreateProcessW(Utf16.of(plan.application()), Utf16.of(plan.commandLine()), null, null, true, flags,
                    environment, directory, si, pi)) {
                throw createFailure(unit, plan, cwd, k32.lastError());
            }
        } catch (LaunchException | RuntimeException e) {
            stdio.closeAll();
            throw e;
        } finally {
            if (attributes != null) {
                attributes.delete();
            }
        }
        stdio.closeChildEnds();

        // Suspended: not one instruction of the program has run yet.
        if (!job.assign(pi.hProcess)) {
            int error = k32.lastError();
            abandon(pi);
            stdio.closeAll();
            throw new LaunchException("unit " + unit + ": could not be placed in its Job Object (AssignProcessToJobObject: "
                    + Win32Error.describe(error) + ") and was ended before it ran"
                    + (error == Win32Error.ERROR_ACCESS_DENIED ? "; the master runs in a Job Object that forbids nested "
                            + "jobs (Windows 7) or breakaway; run it outside that job" : ""));
        }
        Instant startTime = startTime(pi.hProcess);
        long key = loop.newKey();
        List<CapturePipe> pipes = new ArrayList<>();
        for (ChildStdio.Pipe pipe : stdio.pipes()) {
            pipes.add(new CapturePipe(k32, loop, pipe.server(), loop.newKey(), pipe.sink(), unit));
        }
        WindowsProcess process = new WindowsProcess(k32, loop, watcher, pi.dwProcessId, pi.hProcess, key, unit,
                spec.confinement(), job, privateJob ? () -> limiter.release(job) : () -> { }, plan.kind(),
                !console.masterHasConsole(), startTime, pipes);
        int started = 0;
        try {
            for (CapturePipe pipe : pipes) {
                pipe.start();
                started++;
            }
            loop.register(key, process);
            process.waitHandle(watcher.watch(pi.hProcess, key));
        } catch (Win32CallException e) {
            loop.unregister(key);
            abandon(pi);
            // Started pipes see the end of their stream now that the child is gone; close the others.
            for (CapturePipe pipe : pipes.subList(started, pipes.size())) {
                k32.CloseHandle(pipe.handle());
            }
            throw new LaunchException("unit " + unit + ": started as pid " + pi.dwProcessId + " but could not be watched ("
                    + e.getMessage() + "); it was ended before it ran", e);
        }
        if (k32.ResumeThread(pi.hThread) == -1) {
            int error = k32.lastError();
            // The watcher reports this exit and cleans up after it.
            k32.TerminateProcess(pi.hProcess, 1);
            k32.CloseHandle(pi.hThread);
            throw new LaunchException("unit " + unit + ": ResumeThread failed (" + Win32Error.describe(error)
                    + "); the process was ended before it ran");
        }
        k32.CloseHandle(pi.hThread);
        return process;
    }

    private Plan plan(LaunchSpec spec, String cwd) throws LaunchException {
        String unit = spec.unitId();
        ExecutableSearch.Found program = ExecutableSearch.resolve(unit, spec.executable(), spec.environment(), cwd, files);
        try {
            if (program.batch()) {
                String comspec = comspec(spec.environment());
                return new Plan(comspec, CommandLine.batch(comspec, program.path(), spec.args()), PeImage.Kind.CONSOLE);
            }
            return new Plan(program.path(), CommandLine.of(spec.executable(), spec.args()), kinds.apply(program.path()));
        } catch (IllegalArgumentException e) {
            throw new LaunchException("unit " + unit + ": " + e.getMessage(), e);
        }
    }

    /** cmd.exe: the unit's ComSpec if absolute, else System32 of the unit's (or the master's) SystemRoot. */
    private String comspec(Map<String, String> environment) {
        String comspec = EnvironmentBlock.get(environment, "ComSpec");
        if (comspec != null && ExecutableSearch.isAbsolute(comspec)) {
            return comspec;
        }
        String root = EnvironmentBlock.get(environment, "SystemRoot");
        if (root == null) {
            root = EnvironmentBlock.get(masterEnvironment, "SystemRoot");
        }
        return (root == null ? "C:\\Windows" : root) + "\\System32\\cmd.exe";
    }

    private String workingDirectory(LaunchSpec spec) throws LaunchException {
        if (spec.workingDirectory() == null) {
            return masterDirectory;
        }
        String given = spec.workingDirectory().toString();
        String dir = ExecutableSearch.isAbsolute(given) ? given : ExecutableSearch.join(masterDirectory, given);
        if (files.isDirectory(dir)) {
            return dir;
        }
        throw new LaunchException("unit " + spec.unitId() + ": working directory " + dir
                + (files.isFile(dir) ? " is not a directory; point the unit's working directory at a directory"
                        : " does not exist; create it or fix the unit's working directory"));
    }

    private static LaunchException createFailure(String unit, Plan plan, String cwd, int error) {
        String what = switch (error) {
            case Win32Error.ERROR_FILE_NOT_FOUND, Win32Error.ERROR_PATH_NOT_FOUND -> plan.application()
                    + " or the working directory " + cwd + " does not exist (any more); check the unit's paths";
            case Win32Error.ERROR_ACCESS_DENIED -> "access denied to " + plan.application() + " or to " + cwd
                    + "; check their permissions (and whether an antivirus blocks the program)";
            case Win32Error.ERROR_BAD_EXE_FORMAT, Win32Error.ERROR_BAD_FORMAT -> plan.application()
                    + " is not a Windows program for this machine; point the unit at an .exe (or .bat/.cmd)";
            case Win32Error.ERROR_ELEVATION_REQUIRED -> plan.application() + " asks for administrator rights in its "
                    + "manifest; run the master elevated or choose a program that does not require elevation";
            case Win32Error.ERROR_DIRECTORY -> "the working directory " + cwd + " is not valid";
            case Win32Error.ERROR_NOT_ENOUGH_MEMORY, Win32Error.ERROR_NOT_ENOUGH_QUOTA -> "out of memory";
            default -> "CreateProcessW failed";
        };
        return new LaunchException("unit " + unit + ": cannot start " + plan.application() + ": " + what + " ["
                + Win32Error.describe(error) + "]");
    }

    private void abandon(ProcessInformation pi) {
        k32.TerminateProcess(pi.hProcess, 1);
        k32.CloseHandle(pi.hThread);
        k32.CloseHandle(pi.hProcess);
    }

    private Instant startTime(HANDLE process) {
        LongByReference creation = new LongByReference();
        if (!k32.GetProcessTimes(process, creation, new LongByReference(), new LongByReference(), new LongByReference())) {
            return Instant.now();
        }
        return fileTime(creation.getValue());
    }

    /** A FILETIME (100 ns since 1601-01-01 UTC) as an Instant. */
    static Instant fileTime(long ticks) {
        long sinceUnix = ticks - Win32.FILETIME_UNIX_EPOCH;
        return Instant.ofEpochSecond(Math.floorDiv(sinceUnix, 10_000_000L), Math.floorMod(sinceUnix, 10_000_000L) * 100);
    }

    /** A PROC_THREAD_ATTRIBUTE_LIST holding the handle list; the handle array must outlive CreateProcess. */
    private record AttributeList(Kernel32 k32, Memory list, Memory handles) {

        static AttributeList handles(Kernel32 k32, String unit, List<HANDLE> inherit) throws LaunchException {
            LongByReference size = new LongByReference();
            k32.InitializeProcThreadAttributeList(null, 1, 0, size); // fails, telling the size
            if (size.getValue() <= 0) {
                throw new LaunchException("unit " + unit + ": InitializeProcThreadAttributeList gave no size ("
                        + Win32Error.describe(k32.lastError()) + ")");
            }
            Memory list = new Memory(size.getValue());
            if (!k32.InitializeProcThreadAttributeList(list, 1, 0, size)) {
                throw new LaunchException("unit " + unit + ": InitializeProcThreadAttributeList failed ("
                        + Win32Error.describe(k32.lastError()) + ")");
            }
            Memory handles = new Memory((long) Win32.POINTER_SIZE * inherit.size());
            for (int i = 0; i < inherit.size(); i++) {
                handles.setPointer((long) Win32.POINTER_SIZE * i, inherit.get(i).getPointer());
            }
            if (!k32.UpdateProcThreadAttribute(list, 0, Win32.PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles, handles.size(),
                    null, null)) {
                int error = k32.lastError();
                k32.DeleteProcThreadAttributeList(list);
                throw new LaunchException("unit " + unit + ": UpdateProcThreadAttribute (handle list) failed ("
                        + Win32Error.describe(error) + ")");
            }
            return new AttributeList(k32, list, handles);
        }

        void delete() {
            k32.DeleteProcThreadAttributeList(list);
        }
    }
}

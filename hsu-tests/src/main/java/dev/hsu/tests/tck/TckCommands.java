package dev.hsu.tests.tck;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.Signal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The small programs the conformance kit runs as children, for one operating system: how to sleep,
 * print the environment, trap a graceful stop, start a tree of descendants... The kit's tests are
 * written against this interface only, so one test suite covers every adapter.
 *
 * <p>Every command writes its output as UTF-8 to standard output and uses {@code \n} line ends.
 * "Prints a pid" means the decimal operating-system process id on a line of its own. A method that
 * returns {@link Optional#empty()} says that this OS has no such program; the kit then skips the
 * test that needs it, with that reason. A method a claimed capability depends on (for example
 * {@link #printLimit} for a limit the adapter enforces per process) must not return empty, or the
 * limit cannot be shown to hold.
 *
 * <p>Implementations: {@link PosixShellCommands} (Linux, macOS, BSDs: {@code /bin/sh} and the
 * standard utilities) and {@link WindowsCommands} (a small C# helper compiled on first use).
 *
 * <p>Thread-safety: implementations are immutable or thread-safe.
 */
public interface TckCommands {

    /** The environment most children get: enough for the commands below to run, nothing else. */
    Map<String, String> baseEnvironment();

    /** Runs for 1000 seconds, unless ended; handles no signal (the OS's default action ends it). */
    TckCommand sleeper();

    /** Exits at once with {@code code} (0..255). */
    TckCommand exit(int code);

    /** Prints each argument it received, each followed by a NUL byte, and exits 0. */
    TckCommand printArgs(List<String> args);

    /** Prints its whole environment as {@code NAME=value} lines and exits 0. */
    TckCommand printEnvironment();

    /**
     * Variables that the program of {@link #printEnvironment()} adds to what it was given (and
     * the kit therefore ignores).
     */
    default Set<String> environmentNoise() {
        return Set.of();
    }

    /** Prints its working directory, symbolic links resolved, on one line, and exits 0. */
    TckCommand printWorkingDirectory();

    /** Writes {@code out} to stdout and {@code err} to stderr (no newline added), exits {@code code}. */
    TckCommand echo(String out, String err, int code);

    /** Writes {@code 1\n} to stdout, {@code 2\n} to stderr, {@code 3\n} to stdout, {@code 4\n} to stderr, in order. */
    TckCommand interleaved();

    /** Reads its standard input to the end and prints how many bytes it read ({@code 0\n} for the null device). */
    TckCommand readStdin();

    /**
     * Prints the numbers of the file descriptors (handles) it inherited beyond the standard
     * three, one a line; nothing if none. Empty if the OS offers no way to list them.
     */
    Optional<TckCommand> listInheritedDescriptors();

    /** Writes {@code bytes} bytes to stdout as fast as it can and exits 0 at once. */
    TckCommand bigOutput(int bytes);

    /**
     * Prints {@code early\n} and exits 0, leaving a descendant that holds its stdout and prints
     * {@code late\n} once the file {@code flag} exists.
     */
    TckCommand lateOutput(Path flag);

    /**
     * Arranges for {@code signal} to end it with {@code code} after printing {@code got-NAME\n}
     * (NAME as in {@link Signal#name()}), prints {@code ready\n}, then waits for it. Empty if this
     * OS has no program that can observe that signal.
     */
    Optional<TckCommand> trap(Signal signal, int code);

    /** Ignores the graceful stop ({@code TERM}), prints {@code ready\n}, then runs until killed, its descendants too. */
    TckCommand ignoreTerm();

    /** Starts {@code children} sleeping children, prints each one's pid, then waits for them. */
    TckCommand tree(int children);

    /**
     * Starts a child that starts a sleeping grandchild; the child's and the grandchild's pids are
     * printed (in either order), then both wait.
     */
    TckCommand nestedTree();

    /**
     * Starts one sleeping child that leaves the process group (a new session) and one that
     * stays, prints both pids, then waits. Empty if the OS has no process groups.
     */
    Optional<TckCommand> escapingTree();

    /**
     * Prints {@code ready\n} after starting a daemon: a descendant in a new session whose parent
     * has exited (so no parent link leads to it any more); its pid is printed before
     * {@code ready}. The main process then runs on. Empty if the OS cannot do that.
     */
    Optional<TckCommand> daemon();

    /** Starts a sleeping descendant that does not hold its stdout, prints its pid and exits 0 at once. */
    TckCommand leaveBehind();

    /** Keeps one CPU busy in a descendant (not in the main process) until killed. */
    TckCommand busyTree();

    /**
     * Tries to start {@code count} sleeping descendants one after the other; each one that starts
     * prints {@code +\n} itself. Stops at the first that cannot start. The main process then exits.
     */
    TckCommand startProcesses(int count);

    /**
     * Allocates and touches memory without bound, up to about {@code bytes} (a safety net of its
     * own against an adapter that does not enforce its limit); fails, or is killed, by a memory
     * limit below that.
     */
    TckCommand allocate(long bytes);

    /**
     * Prints the soft then the hard value of the per-process limit behind {@code kind}, one a
     * line ({@code unlimited} or a number), for the kinds an OS enforces per process (open files,
     * processes). Empty if this OS has no per-process limit for the kind.
     */
    Optional<TckCommand> printLimit(LimitKind kind);

    /** Ends itself the way a crash does (a fault, an abort); empty if no program here can. */
    Optional<TckCommand> crash();

    /**
     * Installs in {@code dir} a program that prints its arguments joined by spaces and a newline,
     * found under {@code baseName} by a PATH search on this OS.
     *
     * @return the installed program, by absolute path (with the arguments it needs first, if any)
     */
    TckCommand installEcho(Path dir, String baseName) throws IOException;

    /** How the program installed as {@code baseName} is named relative to its directory ({@code ./x}, {@code .\x.exe}). */
    String relativeExecutable(String baseName);

    /** Whether the process is running: alive, and not a zombie waiting to be reaped. */
    default boolean isRunning(ProcessHandle process) {
        return process.isAlive();
    }

    /** Whether the process is stopped (by STOP or TSTP); empty if this OS cannot tell. */
    default Optional<Boolean> isStopped(ProcessHandle process) {
        return Optional.empty();
    }
}

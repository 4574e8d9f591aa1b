package dev.hsu.tests.tck;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.Signal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The kit's commands on a POSIX system (Linux, macOS, the BSDs): {@code /bin/sh} scripts and the
 * standard utilities ({@code sleep}, {@code env}, {@code head}, {@code tail}, {@code wc}). Every value
 * reaches a script as a positional parameter, never inside its text.
 *
 * <p>Leaving the process group uses {@code setsid(1)} where it exists (Linux) and Perl's
 * {@code POSIX::setsid} otherwise (macOS ships Perl, not setsid). Process state (zombie, stopped)
 * is read from {@code /proc} where it is mounted and from {@code ps(1)} otherwise.
 *
 * <p>Thread-safety: immutable.
 */
public class PosixShellCommands implements TckCommands {
    private static final String SH = "/bin/sh";

    private final String path;
    private final List<String> newSession;

    /** With {@code PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin}. */
    public PosixShellCommands() {
        this("/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    }

    /** @param path the PATH of the base environment */
    public PosixShellCommands(String path) {
        this.path = path;
        this.newSession = findNewSessionPrefix(path);
    }

    @Override
    public Map<String, String> baseEnvironment() {
        return Map.of("PATH", path);
    }

    @Override
    public TckCommand sleeper() {
        return TckCommand.of("sleep", "1000");
    }

    @Override
    public TckCommand exit(int code) {
        return sh("exit \"$1\"", Integer.toString(code));
    }

    @Override
    public TckCommand printArgs(List<String> args) {
        return sh("for a in \"$@\"; do printf '%s\\000' \"$a\"; done", args.toArray(String[]::new));
    }

    @Override
    public TckCommand printEnvironment() {
        return TckCommand.of("env");
    }

    @Override
    public TckCommand printWorkingDirectory() {
        return sh("pwd -P");
    }

    @Override
    public TckCommand echo(String out, String err, int code) {
        return sh("printf '%s' \"$1\"; printf '%s' \"$2\" >&2; exit \"$3\"", out, err, Integer.toString(code));
    }

    @Override
    public TckCommand interleaved() {
        return sh("echo 1; echo 2 >&2; echo 3; echo 4 >&2");
    }

    @Override
    public TckCommand readStdin() {
        return sh("wc -c | tr -d ' '");
    }

    @Override
    public Optional<TckCommand> listInheritedDescriptors() {
        return Optional.of(sh("for fd in 3 4 5 6 7 8 9; do if { true >&$fd; } 2>/dev/null; then echo $fd; fi; done"));
    }

    @Override
    public TckCommand bigOutput(int bytes) {
        return TckCommand.of("head", "-c", Integer.toString(bytes), "/dev/zero");
    }

    @Override
    public TckCommand lateOutput(Path flag) {
        return sh("( while [ ! -e \"$1\" ]; do sleep 0.02; done; echo late ) & echo early", flag.toString());
    }

    @Override
    public Optional<TckCommand> trap(Signal signal, int code) {
        if (signal == Signal.KILL || signal == Signal.STOP) {
            return Optional.empty(); // cannot be caught, by definition
        }
        return Optional.of(sh("trap 'echo got-$2; exit $1' $2; echo ready; sleep 1000 >/dev/null 2>&1 & wait",
                Integer.toString(code), signal.name()));
    }

    @Override
    public TckCommand ignoreTerm() {
        return sh("trap '' TERM; echo ready; sleep 1000 >/dev/null 2>&1 & wait");
    }

    @Override
    public TckCommand tree(int children) {
        return sh("i=0; while [ $i -lt \"$1\" ]; do sleep 1000 >/dev/null 2>&1 & echo $!; i=$((i+1)); done; wait",
                Integer.toString(children));
    }

    @Override
    public TckCommand nestedTree() {
        return sh("sh -c 'sleep 1000 >/dev/null 2>&1 & echo $!; wait' & echo $!; wait");
    }

    @Override
    public Optional<TckCommand> escapingTree() {
        if (newSession.isEmpty()) {
            return Optional.empty();
        }
        List<String> args = new ArrayList<>(newSession);
        args.addAll(List.of("sleep", "1000"));
        return Optional.of(sh("\"$@\" >/dev/null 2>&1 & echo $!; sleep 1000 >/dev/null 2>&1 & echo $!; wait",
                args.toArray(String[]::new)));
    }

    @Override
    public Optional<TckCommand> daemon() {
        if (newSession.isEmpty()) {
            return Optional.empty();
        }
        List<String> args = new ArrayList<>(newSession);
        args.addAll(List.of("sleep", "1000"));
        // The subshell starts the daemon and exits: the daemon is reparented, its parent link is gone.
        return Optional.of(sh("( \"$@\" >/dev/null 2>&1 & echo $! ); echo ready; sleep 1000 >/dev/null 2>&1 & wait",
                args.toArray(String[]::new)));
    }

    @Override
    public TckCommand leaveBehind() {
        return sh("sleep 1000 >/dev/null 2>&1 & echo $!");
    }

    @Override
    public TckCommand busyTree() {
        return sh("sh -c 'while :; do :; done' & wait");
    }

    @Override
    public TckCommand startProcesses(int count) {
        // Each descendant announces itself, so a shell that dies (dash) or retries (bash) when fork
        // fails cannot print a "+" for a process that never started.
        return sh("i=0; while [ $i -lt \"$1\" ]; do { echo +; exec sleep 1000 >/dev/null 2>&1; } & "
                + "i=$((i+1)); done; echo done", Integer.toString(count));
    }

    @Override
    public TckCommand allocate(long bytes) {
        // tail buffers a file without newlines whole; ulimit -v bounds it should no limit hold.
        return sh("ulimit -v \"$1\" || exit 125; exec tail /dev/zero", Long.toString(Math.max(1, bytes / 1024)));
    }

    @Override
    public Optional<TckCommand> printLimit(LimitKind kind) {
        return switch (kind) {
            case MAX_OPEN_FILES -> Optional.of(sh("ulimit -S -n; ulimit -H -n"));
            // dash names the process limit -p, bash and zsh -u.
            case MAX_PROCESSES -> Optional.of(sh(
                    "if ulimit -u >/dev/null 2>&1; then o=-u; else o=-p; fi; ulimit -S $o; ulimit -H $o"));
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<TckCommand> crash() {
        return Optional.of(sh("kill -SEGV $$"));
    }

    @Override
    public TckCommand installEcho(Path dir, String baseName) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(baseName);
        Files.writeString(file, "#!/bin/sh\nprintf '%s\\n' \"$*\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return TckCommand.of(file.toAbsolutePath().toString());
    }

    @Override
    public String relativeExecutable(String baseName) {
        return "./" + baseName;
    }

    @Override
    public boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        char state = state(process.pid());
        return state != 'Z' && state != 'X';
    }

    @Override
    public Optional<Boolean> isStopped(ProcessHandle process) {
        if (!process.isAlive()) {
            return Optional.of(false);
        }
        char state = state(process.pid());
        return state == '?' ? Optional.empty() : Optional.of(state == 'T' || state == 't');
    }

    /** The process state letter ({@code R S D T Z ...}) from /proc or ps(1); {@code ?} if unknown. */
    private static char state(long pid) {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                String text = Files.readString(stat);
                int close = text.lastIndexOf(')');
                return close >= 0 && close + 2 < text.length() ? text.charAt(close + 2) : '?';
            } catch (IOException e) {
                return 'X'; // gone
            }
        }
        try {
            Process ps = new ProcessBuilder("ps", "-o", "stat=", "-p", Long.toString(pid))
                    .redirectErrorStream(true).start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!ps.waitFor(10, TimeUnit.SECONDS)) {
                ps.destroyForcibly();
                return '?';
            }
            return out.isEmpty() ? 'X' : out.charAt(0);
        } catch (IOException e) {
            return '?';
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return '?';
        }
    }

    private static TckCommand sh(String script, String... args) {
        List<String> all = new ArrayList<>(List.of("-c", script, "sh"));
        all.addAll(List.of(args));
        return new TckCommand(SH, all);
    }

    /** {@code setsid} from PATH, else Perl's setsid; empty if neither exists. */
    private static List<String> findNewSessionPrefix(String path) {
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            if (Files.isExecutable(Path.of(dir, "setsid"))) {
                return List.of(Path.of(dir, "setsid").toString());
            }
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "perl"))) {
                return List.of(Path.of(dir, "perl").toString(), "-e", "use POSIX (); POSIX::setsid(); exec @ARGV or die");
            }
        }
        return List.of();
    }
}

package dev.hsu.tests.tck;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The kit's commands on Windows: one small C# program ({@code TckHelper.cs}, a resource of the
 * kit) compiled on first use with the C# compiler of the .NET Framework 4 that every Windows 10
 * and 11 has ({@code %SystemRoot%\Microsoft.NET\Framework64\v4.0.30319\csc.exe}). A native
 * program parses its command line with the {@code CommandLineToArgvW} rules, prints UTF-8, and
 * handles CTRL_BREAK through {@code SetConsoleCtrlHandler}: what the Windows adapter's quoting,
 * environment block and graceful stop must satisfy. Starting it costs a few milliseconds, not the
 * second a PowerShell would.
 *
 * <p>Windows has no per-process open-file or process limit ({@link #printLimit} is empty), no
 * process groups to leave ({@link #escapingTree} is empty: every descendant stays in the unit's
 * Job Object) and no stop signal.
 *
 * <p>Not run on the machine where the kit was written (Linux); see docs/platforms.md.
 *
 * <p>Thread-safety: immutable once built.
 */
public class WindowsCommands implements TckCommands {

    private final Path helper;
    private final Map<String, String> base;

    /** Compiles the helper (once per JVM through {@link TckTarget}'s cache). */
    public WindowsCommands() {
        this.base = baseEnvironmentOfThisHost();
        this.helper = compileHelper(base.get("SystemRoot"));
    }

    private static Map<String, String> baseEnvironmentOfThisHost() {
        Map<String, String> env = new LinkedHashMap<>();
        String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
        env.put("SystemRoot", root);
        env.put("windir", root);
        for (String name : List.of("SystemDrive", "TEMP", "TMP")) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("PATH", root + "\\System32;" + root);
        env.put("PATHEXT", ".COM;.EXE;.BAT;.CMD");
        return Map.copyOf(env);
    }

    private static Path compileHelper(String systemRoot) {
        try {
            Path dir = Files.createTempDirectory("hsu-tck-helper");
            Path source = dir.resolve("TckHelper.cs");
            try (InputStream in = WindowsCommands.class.getResourceAsStream("TckHelper.cs")) {
                if (in == null) {
                    throw new IllegalStateException("TckHelper.cs is missing from the kit's resources");
                }
                Files.copy(in, source);
            }
            Path exe = dir.resolve("tck-helper.exe");
            Path csc = Path.of(systemRoot, "Microsoft.NET", "Framework64", "v4.0.30319", "csc.exe");
            if (!Files.isRegularFile(csc)) {
                throw new IllegalStateException("the kit's Windows helper needs the .NET Framework 4 C# compiler at "
                        + csc + "; it is part of Windows 10 and 11");
            }
            Process compile = new ProcessBuilder(csc.toString(), "/nologo", "/optimize", "/target:exe",
                    "/out:" + exe, source.toString()).redirectErrorStream(true).start();
            String output = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!compile.waitFor(120, TimeUnit.SECONDS) || compile.exitValue() != 0 || !Files.isRegularFile(exe)) {
                compile.destroyForcibly();
                throw new IllegalStateException("compiling the kit's Windows helper failed:\n" + output);
            }
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the kit's Windows helper", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the kit's Windows helper", e);
        }
    }

    private TckCommand helper(String verb, String... args) {
        List<String> all = new ArrayList<>();
        all.add(verb);
        all.addAll(List.of(args));
        return new TckCommand(helper.toString(), all);
    }

    @Override
    public Map<String, String> baseEnvironment() {
        return base;
    }

    @Override
    public TckCommand sleeper() {
        // A bare name, found through PATH like on POSIX: the helper's directory is not on it, so use the path.
        return helper("sleep");
    }

    @Override
    public TckCommand exit(int code) {
        return helper("exit", Integer.toString(code));
    }

    @Override
    public TckCommand printArgs(List<String> args) {
        return helper("args", args.toArray(String[]::new));
    }

    @Override
    public TckCommand printEnvironment() {
        return helper("env");
    }

    @Override
    public TckCommand printWorkingDirectory() {
        return helper("cwd");
    }

    @Override
    public TckCommand echo(String out, String err, int code) {
        return helper("echo", out, err, Integer.toString(code));
    }

    @Override
    public TckCommand interleaved() {
        return helper("interleaved");
    }

    @Override
    public TckCommand readStdin() {
        return helper("stdin");
    }

    @Override
    public Optional<TckCommand> listInheritedDescriptors() {
        return Optional.empty();
    }

    @Override
    public TckCommand bigOutput(int bytes) {
        return helper("big", Integer.toString(bytes));
    }

    @Override
    public TckCommand lateOutput(Path flag) {
        return helper("late", flag.toString());
    }

    @Override
    public Optional<TckCommand> trap(Signal signal, int code) {
        return signal == Signal.TERM ? Optional.of(helper("trap", Integer.toString(code))) : Optional.empty();
    }

    @Override
    public TckCommand ignoreTerm() {
        return helper("ignore");
    }

    @Override
    public TckCommand tree(int children) {
        return helper("tree", Integer.toString(children));
    }

    @Override
    public TckCommand nestedTree() {
        return helper("nested");
    }

    @Override
    public Optional<TckCommand> escapingTree() {
        return Optional.empty();
    }

    @Override
    public Optional<TckCommand> daemon() {
        return Optional.of(helper("daemon"));
    }

    @Override
    public TckCommand leaveBehind() {
        return helper("leave");
    }

    @Override
    public TckCommand busyTree() {
        return helper("busy");
    }

    @Override
    public TckCommand startProcesses(int count) {
        return helper("procs", Integer.toString(count));
    }

    @Override
    public TckCommand allocate(long bytes) {
        return helper("alloc", Long.toString(bytes));
    }

    @Override
    public Optional<TckCommand> printLimit(LimitKind kind) {
        return Optional.empty();
    }

    @Override
    public Optional<TckCommand> crash() {
        return Optional.of(helper("crash"));
    }

    @Override
    public TckCommand installEcho(Path dir, String baseName) throws IOException {
        Files.createDirectories(dir);
        Path copy = dir.resolve(baseName + ".exe");
        Files.copy(helper, copy, StandardCopyOption.REPLACE_EXISTING);
        return new TckCommand(copy.toAbsolutePath().toString(), List.of("echo-args"));
    }

    @Override
    public String relativeExecutable(String baseName) {
        return ".\\" + baseName + ".exe";
    }
}

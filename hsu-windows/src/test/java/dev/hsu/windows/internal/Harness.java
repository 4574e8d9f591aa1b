package dev.hsu.windows.internal;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.OutputSink;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Windows ports wired to {@link Win32Mocks}, as {@link WindowsPorts} wires them to the real
 * libraries, with a fake file system for executable search and fake PE kinds.
 */
final class Harness implements AutoCloseable {
    final Win32Mocks win = new Win32Mocks();
    final IocpLoop loop;
    final ExitWatcher watcher;
    final JobObjectLimiter limiter;
    final ConsoleControl console;
    final WindowsProcessLauncher launcher;
    final WindowsProcessSignaller signaller;
    final JobObjectMeter meter;
    final Set<String> files = new HashSet<>();
    final Set<String> dirs = new HashSet<>(Set.of("c:\\work", "c:\\master"));
    final Map<String, PeImage.Kind> kinds = new HashMap<>();

    Harness() throws Exception {
        this(true);
    }

    Harness(boolean masterHasConsole) throws Exception {
        win.masterHasConsole = masterHasConsole;
        loop = new IocpLoop(win.k32);
        watcher = new ExitWatcher(win.k32, loop);
        limiter = new JobObjectLimiter(win.k32, loop, WindowsCapabilities.enforceable(true), 4);
        console = new ConsoleControl(win.k32);
        ExecutableSearch.Probe probe = new ExecutableSearch.Probe() {
            @Override
            public boolean isFile(String path) {
                return files.contains(path.toLowerCase(Locale.ROOT));
            }

            @Override
            public boolean isDirectory(String path) {
                return dirs.contains(path.toLowerCase(Locale.ROOT));
            }
        };
        launcher = new WindowsProcessLauncher(win.k32, loop, watcher, limiter, console, probe,
                path -> kinds.getOrDefault(path.toLowerCase(Locale.ROOT), PeImage.Kind.CONSOLE), "C:\\master",
                Map.of("SystemRoot", "C:\\Windows"));
        signaller = new WindowsProcessSignaller(console, new WindowCloser(win.user32));
        meter = new JobObjectMeter(win.k32);
        file("C:\\Windows\\System32\\cmd.exe");
        file("C:\\app\\server.exe");
    }

    void file(String path) {
        files.add(path.toLowerCase(Locale.ROOT));
    }

    Spec spec(String executable, String... args) {
        return new Spec(executable, List.of(args));
    }

    @Override
    public void close() {
        loop.close();
    }

    /** A fluent LaunchSpec. */
    final class Spec {
        String unit = "web";
        final String executable;
        final List<String> args;
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", "C:\\app;C:\\Windows\\System32", "SystemRoot",
                "C:\\Windows"));
        Path cwd;
        OutputTarget out = OutputTarget.discard();
        OutputTarget err = OutputTarget.discard();
        Integer niceness;
        ResourceLimits limits = ResourceLimits.NONE;
        Confinement confinement;

        Spec(String executable, List<String> args) {
            this.executable = executable;
            this.args = args;
        }

        Spec env(Map<String, String> value) {
            env = new LinkedHashMap<>(value);
            return this;
        }

        Spec cwd(String dir) {
            cwd = Path.of(dir);
            return this;
        }

        Spec out(OutputTarget target) {
            out = target;
            return this;
        }

        Spec err(OutputTarget target) {
            err = target;
            return this;
        }

        Spec niceness(int value) {
            niceness = value;
            return this;
        }

        Spec limits(ResourceLimits value) {
            limits = value;
            return this;
        }

        Spec confinement(Confinement value) {
            confinement = value;
            return this;
        }

        LaunchSpec build() {
            Confinement c = confinement != null ? confinement : limiter.confine(unit, limits);
            return new LaunchSpec(unit, executable, args, env, cwd, out, err, niceness, c);
        }

        WindowsProcess launch() throws Exception {
            return (WindowsProcess) launcher.launch(build());
        }
    }

    /** Keeps what the adapter delivered. */
    static class Sink implements OutputSink {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile int closes;
        volatile String threadName;

        @Override
        public synchronized void write(byte[] buffer, int length) {
            threadName = Thread.currentThread().getName();
            bytes.write(buffer, 0, length);
        }

        @Override
        public void closed() {
            closes++;
        }

        boolean isClosed() {
            return closes > 0;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized int size() {
            return bytes.size();
        }
    }
}

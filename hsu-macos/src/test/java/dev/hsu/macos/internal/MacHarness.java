package dev.hsu.macos.internal;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.OutputSink;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The macOS ports wired to {@link DarwinMocks} as {@link MacPorts} wires them to libSystem. */
final class MacHarness implements AutoCloseable {
    final DarwinMocks mac = new DarwinMocks();
    final KqueueLoop loop;
    final ProcInfo proc = new ProcInfo(mac.libproc);
    final MacProcessLauncher launcher;
    final MacProcessSignaller signaller;
    final RlimitLimiter limiter = new RlimitLimiter();
    final LibprocMeter meter;
    volatile ShellProfile shell = new ShellProfile("/bin/sh", "-u", "/usr/bin/nice", "/usr/bin/env");
    int shellDetections;

    MacHarness() throws Exception {
        loop = new KqueueLoop(mac.libc);
        launcher = new MacProcessLauncher(mac.libc, loop, proc, () -> {
            shellDetections++;
            return shell;
        }, Path.of("/tmp"));
        signaller = new MacProcessSignaller(mac.libc, proc);
        meter = new LibprocMeter(proc, 125, 3);
    }

    @Override
    public void close() {
        loop.close();
    }

    Spec spec(String executable, String... args) {
        return new Spec(executable, List.of(args));
    }

    DarwinMocks.Proc fake(MacProcess p) {
        return mac.procs.get((int) p.pid());
    }

    /** A fluent LaunchSpec. */
    final class Spec {
        String unit = "web";
        final String executable;
        final List<String> args;
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", "/usr/bin:/bin"));
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

        Spec cwd(Path dir) {
            cwd = dir;
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

        MacProcess launch() throws Exception {
            Confinement c = confinement != null ? confinement : limiter.confine(unit, limits);
            return (MacProcess) launcher.launch(new LaunchSpec(unit, executable, args, env, cwd, out, err, niceness, c));
        }
    }

    /** Keeps what the adapter delivered. */
    static class Sink implements OutputSink {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile int closes;
        volatile String thread;

        @Override
        public synchronized void write(byte[] buffer, int length) {
            thread = Thread.currentThread().getName();
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

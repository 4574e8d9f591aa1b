package dev.hsu.macos.internal;

import com.sun.jna.Memory;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the macOS ports once the provider is available: one {@link KqueueLoop} (the event thread)
 * for every launched process.
 *
 * <p>Thread-safety: immutable once built.
 */
public final class MacPorts {
    private final ProcessLauncher launcher;
    private final ProcessSignaller signaller;
    private final ResourceLimiter limiter = new RlimitLimiter();
    private final ResourceMeter meter;

    /** @throws IllegalStateException if the event loop cannot be created (names the failed call) */
    public MacPorts(MacProbe.Outcome outcome) {
        MacNatives natives = outcome.natives();
        MacLibc libc = natives.libc();
        ProcInfo proc = new ProcInfo(natives.libproc());
        KqueueLoop loop;
        try {
            loop = new KqueueLoop(libc);
        } catch (NativeCallException e) {
            throw new IllegalStateException("the macOS adapter cannot start its event loop: " + e.getMessage(), e);
        }
        Spawner spawner = new Spawner(libc);
        this.launcher = new MacProcessLauncher(libc, loop, proc,
                () -> ShellProfile.detect(script -> succeeds(libc, spawner, script), ShellProfile.realExecutable()),
                Path.of("").toAbsolutePath());
        this.signaller = new MacProcessSignaller(libc, proc);
        this.meter = new LibprocMeter(proc, outcome.timebaseNumer(), outcome.timebaseDenom());
    }

    public static PlatformCapabilities capabilities(MacProbe.Outcome outcome) {
        return outcome.available() ? MacCapabilities.AVAILABLE : MacCapabilities.UNAVAILABLE;
    }

    /** Runs {@code /bin/sh -c script} with the null device for its streams and waits for it (once, at detection). */
    static boolean succeeds(MacLibc libc, Spawner spawner, String script) {
        SpawnPlan plan = new SpawnPlan("/bin/sh", List.of("/bin/sh", "-c", script), List.of(), null, List.of(
                new SpawnPlan.FdAction.Open(0, "/dev/null", Darwin.O_RDONLY, 0),
                new SpawnPlan.FdAction.Open(1, "/dev/null", Darwin.O_WRONLY, 0),
                new SpawnPlan.FdAction.Open(2, "/dev/null", Darwin.O_WRONLY, 0)));
        try (Memory status = new Memory(4)) {
            int pid = spawner.spawn(plan);
            int r;
            do {
                // Our own child, never registered in the loop: waiting for this pid is safe.
                r = libc.waitpid(pid, status, 0);
            } while (r < 0 && libc.lastError() == Errno.EINTR);
            return r == pid && status.getInt(0) == 0;
        } catch (NativeCallException e) {
            return false;
        }
    }

    public ProcessLauncher launcher() {
        return launcher;
    }

    public ProcessSignaller signaller() {
        return signaller;
    }

    public ResourceLimiter limiter() {
        return limiter;
    }

    public ResourceMeter meter() {
        return meter;
    }
}

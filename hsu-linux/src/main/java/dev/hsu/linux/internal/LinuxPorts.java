package dev.hsu.linux.internal;

import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import java.nio.file.Path;

/**
 * Builds the Linux ports. Only called once the provider is available. The launcher, which starts
 * the event loop thread, is made on first demand; the other ports are cheap.
 *
 * <p>Thread-safety: safe from any thread.
 */
public final class LinuxPorts {
    private final ProcFs proc;
    private final long ticksPerSecond;
    private final StartTimes startTimes;
    private final ProcessSignaller signaller;
    private final ResourceLimiter limiter = new RlimitLimiter();
    private final ResourceMeter meter;
    private volatile ProcessLauncher launcher;

    /** @param procRoot normally {@code /proc} */
    public LinuxPorts(Path procRoot) {
        this.proc = new ProcFs(procRoot);
        long ticks = Libc.sysconf(Sys.SC_CLK_TCK);
        this.ticksPerSecond = ticks > 0 ? ticks : 100;
        long boot = proc.bootTimeSeconds().orElseThrow(() -> new IllegalStateException(
                "no btime in " + procRoot.resolve("stat") + "; is /proc mounted?"));
        this.startTimes = new StartTimes(proc, boot, ticksPerSecond);
        this.signaller = new LinuxProcessSignaller(proc);
        this.meter = new ProcFsMeter(proc, ticksPerSecond);
    }

    public static PlatformCapabilities capabilities(boolean available) {
        return available ? LinuxCapabilities.AVAILABLE : LinuxCapabilities.UNAVAILABLE;
    }

    /** @throws IllegalStateException if the event loop cannot be created (names the failed call) */
    public ProcessLauncher launcher() {
        ProcessLauncher known = launcher;
        if (known == null) {
            synchronized (this) {
                if (launcher == null) {
                    try {
                        EventLoop loop = EventLoop.shared(Arch.current().orElseThrow());
                        launcher = new LinuxProcessLauncher(loop, startTimes, new MasterLimits(proc));
                    } catch (NativeCallException e) {
                        throw new IllegalStateException("the Linux adapter cannot start its event loop: "
                                + e.getMessage(), e);
                    }
                }
                known = launcher;
            }
        }
        return known;
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

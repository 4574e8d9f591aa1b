package dev.hsu.windows.internal;

import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;

/**
 * Builds the Windows ports once the provider is available: one {@link IocpLoop} (the event thread)
 * shared by the launcher, the limiter (Job Object messages) and the exit watcher.
 *
 * <p>Thread-safety: immutable once built.
 */
public final class WindowsPorts {
    private final ProcessLauncher launcher;
    private final ProcessSignaller signaller;
    private final JobObjectLimiter limiter;
    private final ResourceMeter meter;

    /** @throws IllegalStateException if the event loop cannot be created (names the failed call) */
    public WindowsPorts(WindowsProbe.Outcome outcome) {
        WindowsNatives natives = outcome.natives();
        Kernel32 k32 = natives.kernel32();
        IocpLoop loop;
        try {
            loop = new IocpLoop(k32);
        } catch (Win32CallException e) {
            throw new IllegalStateException("the Windows adapter cannot start its event loop: " + e.getMessage(), e);
        }
        ConsoleControl console = new ConsoleControl(k32);
        this.limiter = new JobObjectLimiter(k32, loop, WindowsCapabilities.enforceable(outcome.ioRateControl()),
                outcome.processors());
        this.launcher = new WindowsProcessLauncher(k32, loop, new ExitWatcher(k32, loop), limiter, console);
        this.signaller = new WindowsProcessSignaller(console, new WindowCloser(natives.user32()));
        this.meter = new JobObjectMeter(k32);
    }

    public static PlatformCapabilities capabilities(WindowsProbe.Outcome outcome) {
        return outcome.available() ? WindowsCapabilities.of(outcome.ioRateControl(), outcome.processors())
                : WindowsCapabilities.UNAVAILABLE;
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

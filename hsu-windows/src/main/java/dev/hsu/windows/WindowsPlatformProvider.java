package dev.hsu.windows;

import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import dev.hsu.windows.internal.WindowsNatives;
import dev.hsu.windows.internal.WindowsPorts;
import dev.hsu.windows.internal.WindowsProbe;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Windows adapter: processes created suspended, placed in a Job Object per unit (limits,
 * accounting, tree kill, kill-on-close) and resumed; exits and output seen by one completion-port
 * thread ({@code hsu-windows-events}); graceful stop by CTRL_BREAK (console programs) or WM_CLOSE
 * (GUI programs).
 *
 * <p>Construction is cheap and never fails. {@link #isAvailable()} probes once (Windows on a 64-bit
 * architecture, JNA binds kernel32 and user32, a Job Object and a completion port can be created)
 * and keeps the cause, read through {@link #unavailabilityCause()}. The ports, and the event
 * thread, are built on first demand, and only when available.
 *
 * <p>Platform note: units die with the master ({@code JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE}); there
 * is no re-adoption of units after a restart of the master. See
 * {@link #capabilities()} for what each limit means here.
 *
 * <p>Thread-safety: safe from any thread.
 */
public final class WindowsPlatformProvider implements PlatformProvider {

    private final String osName;
    private final String osArch;
    private final Supplier<WindowsNatives> loader;
    private volatile WindowsProbe.Outcome outcome;
    private volatile WindowsPorts ports;

    /** Cheap; probes nothing. */
    public WindowsPlatformProvider() {
        this(System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"), WindowsNatives::load);
    }

    /** For tests: the OS name and architecture to believe, and how to bind the native libraries. */
    WindowsPlatformProvider(String osName, String osArch, Supplier<WindowsNatives> loader) {
        this.osName = osName;
        this.osArch = osArch;
        this.loader = loader;
    }

    @Override
    public String id() {
        return "windows";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isAvailable() {
        return outcome().available();
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(outcome().cause());
    }

    @Override
    public PlatformCapabilities capabilities() {
        return WindowsPorts.capabilities(outcome());
    }

    @Override
    public ProcessLauncher launcher() {
        return ports().launcher();
    }

    @Override
    public ProcessSignaller signaller() {
        return ports().signaller();
    }

    @Override
    public ResourceLimiter limiter() {
        return ports().limiter();
    }

    @Override
    public ResourceMeter meter() {
        return ports().meter();
    }

    private WindowsProbe.Outcome outcome() {
        WindowsProbe.Outcome known = outcome;
        if (known == null) {
            synchronized (this) {
                if (outcome == null) {
                    outcome = WindowsProbe.probe(osName, osArch, loader);
                }
                known = outcome;
            }
        }
        return known;
    }

    private WindowsPorts ports() {
        WindowsPorts known = ports;
        if (known == null) {
            ensureAvailability();
            synchronized (this) {
                if (ports == null) {
                    ports = new WindowsPorts(outcome());
                }
                known = ports;
            }
        }
        return known;
    }
}

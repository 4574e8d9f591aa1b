package dev.hsu.macos;

import dev.hsu.macos.internal.MacNatives;
import dev.hsu.macos.internal.MacPorts;
import dev.hsu.macos.internal.MacProbe;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The macOS adapter: {@code posix_spawn} through JNA into a process group of its own (no
 * ProcessBuilder, no thread per child), exits and output seen by one kqueue thread
 * ({@code hsu-macos-events}), rlimits set by an exec trampoline, accounting through libproc.
 *
 * <p>Construction is cheap and never fails. {@link #isAvailable()} probes once (macOS 10.15+ on
 * x86_64 or arm64, JNA binds libSystem, kqueue and libproc work) and keeps the cause, read through
 * {@link #unavailabilityCause()}. The ports, and the event thread, are built on first demand, and
 * only when available.
 *
 * <p>Platform note: macOS enforces {@code max_open_files} and {@code max_processes} only; memory,
 * CPU and I/O limits are rejected (see {@link #capabilities()}), and tree kill reaches the process
 * group and the descendants linked by parent.
 *
 * <p>Thread-safety: safe from any thread.
 */
public final class MacOsPlatformProvider implements PlatformProvider {

    private final String osName;
    private final String osArch;
    private final Supplier<MacNatives> loader;
    private volatile MacProbe.Outcome outcome;
    private volatile MacPorts ports;

    /** Cheap; probes nothing. */
    public MacOsPlatformProvider() {
        this(System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"), MacNatives::load);
    }

    /** For tests: the OS name and architecture to believe, and how to bind the native libraries. */
    MacOsPlatformProvider(String osName, String osArch, Supplier<MacNatives> loader) {
        this.osName = osName;
        this.osArch = osArch;
        this.loader = loader;
    }

    @Override
    public String id() {
        return "macos";
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
        return MacPorts.capabilities(outcome());
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

    private MacProbe.Outcome outcome() {
        MacProbe.Outcome known = outcome;
        if (known == null) {
            synchronized (this) {
                if (outcome == null) {
                    outcome = MacProbe.probe(osName, osArch, loader);
                }
                known = outcome;
            }
        }
        return known;
    }

    private MacPorts ports() {
        MacPorts known = ports;
        if (known == null) {
            ensureAvailability();
            synchronized (this) {
                if (ports == null) {
                    ports = new MacPorts(outcome());
                }
                known = ports;
            }
        }
        return known;
    }
}

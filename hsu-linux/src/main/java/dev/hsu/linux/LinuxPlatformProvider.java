package dev.hsu.linux;

import dev.hsu.linux.internal.AvailabilityProbe;
import dev.hsu.linux.internal.LinuxPorts;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Linux adapter: {@code posix_spawn} through JNA (no ProcessBuilder, no thread per child),
 * exits seen through pidfds and output read by one shared epoll thread ({@code hsu-linux-events}),
 * process groups for tree signals, rlimits set by an exec trampoline.
 *
 * <p>Construction is cheap and never fails. {@link #isAvailable()} probes once per JVM (Linux on
 * x86_64 or aarch64, JNA binds the C library, {@code pidfd_open} and {@code epoll} work,
 * {@code /proc} is mounted) and keeps the cause, in the manner of Netty's {@code Epoll}; read it
 * through {@link #unavailabilityCause()}. The ports are built on first demand, and only when
 * available; the event loop thread starts with the first {@link #launcher()}.
 *
 * <p>Platform note: where the master may create cgroups (root, or a delegated subtree), every run
 * of a unit gets a cgroup of its own below HSU's parent {@code hsu-<pid>-<start>} in the master's
 * cgroup (v2, v1, or a hybrid: tracking in v2, limits in v1), joined by the exec trampoline before
 * the program's first instruction. It enforces cpu, cpu_shares, memory, memory_swap,
 * max_processes (pids.max) and the io limits as far as the host's controllers allow, makes a
 * stop reach every descendant ({@link PlatformCapabilities#treeKill()} true), explains OOM kills
 * and refused forks, and gives per-unit accounting. Without that permission, or with
 * {@code -Dhsu.linux.cgroups=off}, it enforces {@code max_open_files} and {@code max_processes}
 * (rlimits) only and rejects the rest with an {@link dev.hsu.spi.UnsupportedCapabilityException};
 * the tree kill then reaches the process group and the descendants linked by parent. What the host
 * offers is detected once and logged, and listed in {@link #capabilities()}'s notes (shown by
 * {@code hsu validate}). HSU's cgroups are removed at exit (a shutdown hook); leftovers of a master
 * that crashed are killed and removed at the next start.
 *
 * <p>Thread-safety: safe from any thread.
 */
public final class LinuxPlatformProvider implements PlatformProvider {

    private volatile LinuxPorts ports;

    /** Cheap; probes nothing. */
    public LinuxPlatformProvider() {
    }

    @Override
    public String id() {
        return "linux";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isAvailable() {
        return AvailabilityProbe.unavailabilityCause().isEmpty();
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return AvailabilityProbe.unavailabilityCause();
    }

    @Override
    public PlatformCapabilities capabilities() {
        return LinuxPorts.capabilities(isAvailable());
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

    private LinuxPorts ports() {
        LinuxPorts known = ports;
        if (known == null) {
            ensureAvailability();
            synchronized (this) {
                if (ports == null) {
                    ports = new LinuxPorts(Path.of("/proc"));
                }
                known = ports;
            }
        }
        return known;
    }
}

package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.BlockDevices;
import dev.hsu.linux.internal.cgroup.CgroupTree;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import java.nio.file.Path;

/**
 * Builds the Linux ports. Only called once the provider is available. The launcher, which starts
 * the event loop thread, is made on first demand; the other ports are cheap. HSU's cgroups (if
 * any) are made by the tree on the first {@link ResourceLimiter#confine}.
 *
 * <p>Thread-safety: safe from any thread.
 */
public final class LinuxPorts {
    private final ProcFs proc;
    private final long ticksPerSecond;
    private final StartTimes startTimes;
    private final ProcessSignaller signaller;
    private final CgroupTree tree;
    private final LinuxCapabilities capabilities;
    private final ResourceLimiter limiter;
    private final ResourceMeter meter;
    private volatile ProcessLauncher launcher;

    /** With this JVM's shared cgroup tree (none if cgroups are not usable here). */
    public LinuxPorts(Path procRoot) {
        this(procRoot, LinuxCgroups.shared());
    }

    /**
     * @param procRoot normally {@code /proc}
     * @param tree HSU's cgroups, or null to run without cgroups
     */
    public LinuxPorts(Path procRoot, CgroupTree tree) {
        this.proc = new ProcFs(procRoot);
        long ticks = Libc.sysconf(Sys.SC_CLK_TCK);
        this.ticksPerSecond = ticks > 0 ? ticks : 100;
        long boot = proc.bootTimeSeconds().orElseThrow(() -> new IllegalStateException(
                "no btime in " + procRoot.resolve("stat") + "; is /proc mounted?"));
        this.startTimes = new StartTimes(proc, boot, ticksPerSecond);
        this.signaller = new LinuxProcessSignaller(proc);
        this.tree = tree;
        this.capabilities = tree != null ? LinuxCapabilities.of(tree.host())
                : LinuxCapabilities.of(dev.hsu.linux.internal.cgroup.CgroupHost.none("no cgroup tree"));
        this.limiter = new LinuxLimiter(tree, capabilities);
        this.meter = new CgroupMeter(proc, new ProcFsMeter(proc, ticksPerSecond));
    }

    /** What the provider can do on this host (detection is done once per JVM). */
    public static PlatformCapabilities capabilities(boolean available) {
        return available ? SystemCapabilities.CAPS.toSpi() : LinuxCapabilities.UNAVAILABLE.toSpi();
    }

    private static final class SystemCapabilities {
        static final LinuxCapabilities CAPS = LinuxCapabilities.of(LinuxCgroups.host());
    }

    /** The capabilities of these ports (of their tree). */
    public PlatformCapabilities portCapabilities() {
        return capabilities.toSpi();
    }

    /** The cgroup tree, or null. */
    public CgroupTree cgroupTree() {
        return tree;
    }

    /** @throws IllegalStateException if the event loop cannot be created (names the failed call) */
    public ProcessLauncher launcher() {
        ProcessLauncher known = launcher;
        if (known == null) {
            synchronized (this) {
                if (launcher == null) {
                    try {
                        EventLoop loop = EventLoop.shared(Arch.current().orElseThrow());
                        ProcessAdopter adopter = new ProcessAdopter(proc, startTimes, tree, loop, new Lifeline(loop));
                        launcher = new LinuxProcessLauncher(loop, startTimes, new MasterLimits(proc),
                                BlockDevices.system(), adopter);
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

package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.CgroupDetector;
import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.linux.internal.cgroup.CgroupTree;
import dev.hsu.linux.internal.cgroup.KillMethod;
import dev.hsu.linux.internal.cgroup.MasterIdentity;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroup setup of this JVM: what the host offers (detected once) and the one
 * {@link CgroupTree} all of this process's units share, named after the process (so a master
 * that embeds several {@code Master}s or providers still has one parent per hierarchy).
 *
 * <p>Settings (system properties, read once):
 * <ul>
 *   <li>{@code hsu.linux.cgroups}: {@code auto} (default: use them when the master may create
 *       cgroups) or {@code off} (rlimits and process groups only, as without permission).</li>
 *   <li>{@code hsu.linux.cgroup.accounting}: {@code true} (default): every unit cgroup also joins
 *       the memory, pids and io hierarchies (v1: and cpuacct) for per-unit accounting;
 *       {@code false}: only the tracking hierarchy and those its limits need (fewer directories
 *       per start on v1; accounting of the rest then comes from /proc).</li>
 * </ul>
 *
 * <p>Thread-safety: safe from any thread; the detection and the tree are made once.
 */
public final class LinuxCgroups {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxCgroups.class);
    static final String PROPERTY = "hsu.linux.cgroups";
    static final String ACCOUNTING_PROPERTY = "hsu.linux.cgroup.accounting";

    private LinuxCgroups() {
    }

    /** What this host offers, detected (and logged) once per JVM. */
    public static CgroupHost host() {
        return HostHolder.HOST;
    }

    /** The tree of this JVM's units; null if cgroups are not usable or turned off. */
    static CgroupTree shared() {
        return TreeHolder.TREE;
    }

    private static final class HostHolder {
        static final CgroupHost HOST = detect();
    }

    private static final class TreeHolder {
        static final CgroupTree TREE = host().usable()
                ? newTree(host(), "", null, Boolean.parseBoolean(System.getProperty(ACCOUNTING_PROPERTY, "true")))
                : null;
    }

    private static CgroupHost detect() {
        String mode = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        CgroupHost host;
        if (mode.equals("off")) {
            host = CgroupHost.none("cgroups are turned off (-D" + PROPERTY + "=off)");
        } else {
            if (!mode.equals("auto")) {
                LOG.warn("-D{}={} is not 'auto' or 'off'; using auto", PROPERTY, mode);
            }
            try {
                host = CgroupDetector.system().detect();
            } catch (RuntimeException e) {
                host = CgroupHost.none("cgroup detection failed: " + e);
            }
        }
        LOG.info("cgroups: {}", host.summary());
        if (host.usable()) { // else the summary lists them
            for (String problem : host.problems()) {
                LOG.info("cgroups: {}", problem);
            }
        }
        return host;
    }

    /**
     * A tree of this process named {@code hsu-<pid>-<start>[-tag]}.
     *
     * @param tag empty for the shared tree; letters and digits for a separate one (tests)
     * @param killMethod null for the best the host offers
     */
    public static CgroupTree newTree(CgroupHost host, String tag, KillMethod killMethod, boolean accounting) {
        ProcFs proc = new ProcFs(Path.of("/proc"));
        long pid = ProcessHandle.current().pid();
        long start = proc.stat(pid).map(ProcStat::startTicks).orElseThrow(() -> new IllegalStateException(
                "cannot read /proc/" + pid + "/stat to name HSU's cgroups"));
        return new CgroupTree(host, new CgroupTree.Options(new MasterIdentity(pid, start, tag), proc.root(),
                killMethod, accounting,
                (otherPid, ticks) -> proc.stat(otherPid).map(s -> s.startTicks() == ticks && !s.isDead()).orElse(false),
                PidfdSignaller.INSTANCE));
    }
}

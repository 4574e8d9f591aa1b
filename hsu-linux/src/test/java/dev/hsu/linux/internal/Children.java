package dev.hsu.linux.internal;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes a test started, and the pids of their descendants it learnt about, so that
 * {@link #cleanUp()} (called from @AfterEach) ends every one of them by pid, checking the start
 * time so a recycled pid is never hit.
 */
final class Children {
    static final LinuxPorts PORTS = new LinuxPorts(Path.of("/proc"));
    static final ProcFs PROC = new ProcFs(Path.of("/proc"));

    static {
        // Children start and end in milliseconds: poll conditions often, and check them at once.
        org.awaitility.Awaitility.setDefaultPollDelay(java.time.Duration.ZERO);
        org.awaitility.Awaitility.setDefaultPollInterval(java.time.Duration.ofMillis(5));
    }

    /** Every confinement tests made, released by the next {@link #cleanUp()} (removes their cgroups). */
    private static final List<Confinement> CONFINED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final List<LaunchedProcess> launched = new ArrayList<>();
    private final List<long[]> descendants = new ArrayList<>(); // {pid, startTicks}

    /** Confines through the shared ports and remembers the confinement for the clean-up. */
    static Confinement confine(String unit, ResourceLimits limits) {
        Confinement c = PORTS.limiter().confine(unit, limits);
        CONFINED.add(c);
        return c;
    }

    ProcessLauncher launcher() {
        return PORTS.launcher();
    }

    ProcessSignaller signaller() {
        return PORTS.signaller();
    }

    synchronized LaunchedProcess launch(LaunchSpec spec) throws LaunchException {
        LaunchedProcess p = PORTS.launcher().launch(spec);
        launched.add(p);
        return p;
    }

    /** Remembers a process started some other way (a prepared restart) for the clean-up. */
    synchronized LaunchedProcess track(LaunchedProcess p) {
        launched.add(p);
        return p;
    }

    /** Records a descendant by pid (with its start time now) for clean-up. */
    synchronized void remember(long pid) {
        PROC.stat(pid).ifPresent(stat -> descendants.add(new long[] {pid, stat.startTicks()}));
    }

    synchronized void cleanUp() throws Exception {
        for (LaunchedProcess p : launched) {
            PORTS.signaller().killTree(p);
        }
        for (long[] d : descendants) {
            ProcStat stat = PROC.stat(d[0]).orElse(null);
            if (stat != null && stat.startTicks() == d[1]) {
                ProcessHandle.of(d[0]).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (LaunchedProcess p : launched) {
            p.onExit().get(10, TimeUnit.SECONDS);
        }
        for (Confinement c : CONFINED) {
            PORTS.limiter().release(c);
        }
        CONFINED.clear();
        launched.clear();
        descendants.clear();
    }

    /** The environment most tests give their children. */
    static Map<String, String> baseEnvironment() {
        return Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");
    }
}

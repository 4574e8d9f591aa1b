package dev.hsu.tests.cgroup;

import dev.hsu.core.Master;
import dev.hsu.core.MasterSettings;
import dev.hsu.core.Platform;
import dev.hsu.core.UnitState;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ResourceLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * A master in a JVM of its own, for {@link CgroupCleanupE2eTest}: runs {@code N} units (sleeps,
 * with a memory limit where the host enforces one, and a double-forked daemon), prints
 * {@code READY} once they run, stops them all when its stdin closes, prints {@code STOPPED} and
 * exits 0. Killed with SIGKILL instead, it leaves its units and cgroups behind, as a crashed
 * master does.
 *
 * <p>Usage: {@code ChildMaster <log directory> <units>}.
 */
public final class ChildMaster {
    private ChildMaster() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PlatformProvider provider = null;
        for (PlatformProvider p : ServiceLoader.load(PlatformProvider.class)) {
            if (p.id().equals("linux")) {
                provider = p;
            }
        }
        if (provider == null || !provider.isAvailable()) {
            out.println("NO-PROVIDER");
            System.exit(3);
        }
        Master master = new Master(Platform.of(provider), new MasterSettings(System.getenv(), Path.of(args[0]), true,
                (unit, stream, line) -> { }));
        int units = Integer.parseInt(args[1]);
        ResourceLimits limits = provider.capabilities().enforceableLimits().contains(LimitKind.MEMORY)
                ? ResourceLimits.builder().memory(128L << 20).build() : ResourceLimits.NONE;
        for (int i = 1; i <= units; i++) {
            master.register(ManagedUnit.builder("s" + i).executable("sleep").args("1000").resources(limits)
                    .restartPolicy(RestartPolicy.NEVER).build());
        }
        master.register(ManagedUnit.builder("daemon").executable("/bin/sh")
                .args("-c", "setsid sh -c 'sleep 1000 &'; exec sleep 1000").restartPolicy(RestartPolicy.NEVER).build());
        for (var unit : master.statuses()) {
            var status = master.start(unit.name()).get(30, TimeUnit.SECONDS);
            if (status.state() != UnitState.RUNNING) {
                out.println("NOT-RUNNING " + status);
                System.exit(4);
            }
        }
        out.println("READY");
        out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for the end of stdin
        }
        master.shutdown().get(60, TimeUnit.SECONDS);
        out.println("STOPPED");
        out.flush();
        System.exit(0);
    }

    /** Starts one in a new JVM with this JVM's class path; stderr goes to {@code log}. */
    static Process start(Path logDirectory, int units, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), ChildMaster.class.getName(), logDirectory.toString(),
                Integer.toString(units))
                .redirectError(log.toFile()).start();
    }
}

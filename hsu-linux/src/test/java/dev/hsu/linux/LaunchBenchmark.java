package dev.hsu.linux;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A rough sanity figure, run by hand (not a test): launch 500 {@code sleep 1000} from a warm JVM,
 * kill them, and measure kill -9 to the exec of a replacement.
 *
 * <pre>
 * mvn -o -q test-compile -pl hsu-linux
 * java --enable-native-access=ALL-UNNAMED -cp hsu-linux/target/test-classes:hsu-linux/target/classes:$CP \
 *     dev.hsu.linux.LaunchBenchmark [count] [--limits]
 * </pre>
 *
 * {@code --limits} gives every child max_open_files, which sends each launch through the exec
 * trampoline.
 */
public final class LaunchBenchmark {

    private LaunchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        boolean limits = Arrays.asList(args).contains("--limits");
        LinuxPlatformProvider provider = new LinuxPlatformProvider();
        provider.ensureAvailability();
        ResourceLimits resourceLimits = limits ? ResourceLimits.builder().maxOpenFiles(1024L).build() : ResourceLimits.NONE;

        for (int i = 0; i < 100; i++) { // warm-up: JIT, JNA, the shell probe
            provider.launcher().launch(spec(provider, "w" + i, resourceLimits, "/bin/true")).onExit().get();
        }

        String status = "";
        long threads = 0;
        for (int round = 1; round <= 3; round++) {
            List<LaunchedProcess> running = new ArrayList<>(count);
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                running.add(provider.launcher().launch(spec(provider, "u" + i, resourceLimits, "sleep", "1000")));
            }
            long launched = System.nanoTime() - t0;
            status = Files.readString(Path.of("/proc/self/status"));
            threads = Thread.getAllStackTraces().size();

            long t1 = System.nanoTime();
            List<CompletableFuture<?>> exits = new ArrayList<>(count);
            for (LaunchedProcess p : running) {
                provider.signaller().killTree(p);
                exits.add(p.onExit());
            }
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long killed = System.nanoTime() - t1;
            System.out.printf("round %d: %d x sleep%s launched in %.1f ms (%.0f us each); killed and reaped in %.1f ms%n",
                    round, count, limits ? " (trampoline)" : "", launched / 1e6, launched / 1e3 / count, killed / 1e6);
        }

        int rounds = 200;
        long[] restart = new long[rounds];
        LaunchedProcess current = provider.launcher().launch(spec(provider, "r", resourceLimits, "sleep", "1000"));
        for (int i = 0; i < rounds; i++) {
            CompletableFuture<?> exited = current.onExit();
            long k = System.nanoTime();
            provider.signaller().signal(current, Signal.KILL);
            exited.get(10, TimeUnit.SECONDS);
            current = provider.launcher().launch(spec(provider, "r", resourceLimits, "sleep", "1000"));
            restart[i] = System.nanoTime() - k; // posix_spawn returns once the replacement has exec'ed
        }
        provider.signaller().killTree(current);
        Arrays.sort(restart);

        System.out.printf("with %d running: JVM threads %d, %s, %s%n", count, threads, line(status, "VmRSS"),
                line(status, "Threads"));
        System.out.printf("kill -9 to exec of the replacement: median %.2f ms, p90 %.2f ms, max %.2f ms%n",
                restart[rounds / 2] / 1e6, restart[rounds * 9 / 10] / 1e6, restart[rounds - 1] / 1e6);
    }

    private static LaunchSpec spec(LinuxPlatformProvider provider, String unit, ResourceLimits limits, String exe,
            String... args) {
        Confinement confinement = provider.limiter().confine(unit, limits);
        return new LaunchSpec(unit, exe, List.of(args), Map.of("PATH", "/usr/bin:/bin"), null, OutputTarget.discard(),
                OutputTarget.discard(), null, confinement);
    }

    private static String line(String status, String key) {
        return status.lines().filter(l -> l.startsWith(key + ":")).findFirst().orElse(key + ": ?").replaceAll("\\s+", " ");
    }
}

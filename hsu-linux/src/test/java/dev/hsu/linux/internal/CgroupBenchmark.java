package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.CgroupTree;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cost of cgroup placement and accounting, run by hand or by {@code bench/cgroup-bench.sh}
 * (not a test). In one warm JVM, rounds interleave four ways of starting {@code count} units of
 * {@code sleep 1000}:
 *
 * <ul>
 *   <li>{@code no-cgroup}: no cgroups (as with {@code -Dhsu.linux.cgroups=off}): a direct
 *       posix_spawn;</li>
 *   <li>{@code no-cgroup+rlimit}: no cgroups, {@code max_open_files} set: the exec trampoline alone;</li>
 *   <li>{@code cgroup}: a cgroup per unit, no limits (the default where cgroups are usable);</li>
 *   <li>{@code cgroup+memory}: a cgroup per unit with {@code memory: 64MiB}.</li>
 * </ul>
 *
 * Each start is timed from the first confine to the moment every program has exec'ed (the
 * trampoline has joined the cgroups). With the units of the last two ways running, one accounting
 * sweep ({@code meter.sample} of every unit) is timed, against the /proc walk of the first way.
 * Then every unit is killed and its cgroup released, timed until the last directory is gone.
 *
 * <pre>
 * mvn -o -q test-compile -pl hsu-linux
 * java --enable-native-access=ALL-UNNAMED -cp hsu-linux/target/test-classes:hsu-linux/target/classes:$CP \
 *     dev.hsu.linux.internal.CgroupBenchmark [count] [rounds]
 * </pre>
 *
 * A third argument, the name of one way, runs only that way without warm-up: its cost in a cold JVM
 * (as at a master's start).
 *
 * <p>Output: one {@code RUN} line per round and way, then {@code METRIC name value unit} lines (medians).
 */
public final class CgroupBenchmark {

    private CgroupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // A third argument runs only that way, once, without warm-up: the cost in a cold JVM.
        String only = args.length > 2 ? args[2] : null;
        CgroupTree tree = LinuxCgroups.newTree(LinuxCgroups.host(), "bench", null, true);
        CgroupTree lean = LinuxCgroups.newTree(LinuxCgroups.host(), "benchlean", null, false);
        if (!tree.host().usable()) {
            System.out.println("SKIP no usable cgroups here: " + tree.host().summary());
            return;
        }
        LinuxPorts withCgroups = new LinuxPorts(Path.of("/proc"), tree);
        LinuxPorts without = new LinuxPorts(Path.of("/proc"), null);
        Map<String, Way> ways = new LinkedHashMap<>();
        ways.put("no-cgroup", new Way(without, ResourceLimits.NONE));
        ways.put("no-cgroup+rlimit", new Way(without, ResourceLimits.builder().maxOpenFiles(1024L).build()));
        ways.put("cgroup", new Way(withCgroups, ResourceLimits.NONE));
        ways.put("cgroup-no-accounting", new Way(new LinuxPorts(Path.of("/proc"), lean), ResourceLimits.NONE));
        ways.put("cgroup+memory", new Way(withCgroups, ResourceLimits.builder().memory(64L << 20).build()));
        System.out.println("INFO " + tree.host().summary());
        if (only != null) {
            ways.keySet().retainAll(java.util.Set.of(only));
            if (ways.isEmpty()) {
                throw new IllegalArgumentException("no way named " + only);
            }
        }
        try {
            for (Way w : only != null ? List.<Way>of() : ways.values()) { // warm-up: JIT, JNA, the shell probe
                List<LaunchedProcess> warm = start(w, 50, new long[1]);
                stop(w, warm);
            }
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, Way> e : ways.entrySet()) {
                    Way w = e.getValue();
                    long t0 = System.nanoTime();
                    long[] spawned = new long[1];
                    List<LaunchedProcess> running = start(w, count, spawned);
                    long started = System.nanoTime() - t0;
                    w.spawn.add(spawned[0] - t0);
                    long sweep = sweep(w, running);
                    long t1 = System.nanoTime();
                    stop(w, running);
                    long stopped = System.nanoTime() - t1;
                    w.start.add(started);
                    w.sweep.add(sweep);
                    w.stop.add(stopped);
                    System.out.printf("RUN round=%d way=%s units=%d spawn_loop_ms=%.1f all_exec_ms=%.1f sweep_ms=%.2f "
                            + "stop_release_ms=%.1f%n", round, e.getKey(), count, w.spawn.get(w.spawn.size() - 1) / 1e6,
                            started / 1e6, sweep / 1e6, stopped / 1e6);
                }
            }
        } finally {
            tree.close();
            lean.close();
        }
        for (Map.Entry<String, Way> e : ways.entrySet()) {
            Way w = e.getValue();
            String n = e.getKey();
            System.out.printf("METRIC spawn_loop_%d_%s %.1f ms%n", count, n, median(w.spawn) / 1e6);
            System.out.printf("METRIC start_%d_%s %.1f ms%n", count, n, median(w.start) / 1e6);
            System.out.printf("METRIC sweep_%d_%s %.2f ms%n", count, n, median(w.sweep) / 1e6);
            System.out.printf("METRIC stop_release_%d_%s %.1f ms%n", count, n, median(w.stop) / 1e6);
        }
    }

    private record Way(LinuxPorts ports, ResourceLimits limits, List<Long> spawn, List<Long> start, List<Long> sweep,
            List<Long> stop) {
        Way(LinuxPorts ports, ResourceLimits limits) {
            this(ports, limits, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** Confines and launches {@code count} units; returns once every program has exec'ed. */
    private static List<LaunchedProcess> start(Way w, int count, long[] spawnedAt) throws Exception {
        List<LaunchedProcess> running = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String unit = "u" + i;
            Confinement c = w.ports().limiter().confine(unit, w.limits());
            running.add(w.ports().launcher().launch(new LaunchSpec(unit, "sleep", List.of("1000"),
                    Map.of("PATH", "/usr/bin:/bin"), null, OutputTarget.discard(), OutputTarget.discard(), null, c)));
        }
        spawnedAt[0] = System.nanoTime();
        for (LaunchedProcess p : running) {
            Path comm = Path.of("/proc/" + p.pid() + "/comm");
            while (!Files.readString(comm).startsWith("sleep")) {
                Thread.onSpinWait(); // the trampoline is joining the cgroups; microseconds
            }
        }
        return running;
    }

    /** One {@code sample()} of every unit, timed. */
    private static long sweep(Way w, List<LaunchedProcess> running) {
        long t0 = System.nanoTime();
        long total = 0;
        for (LaunchedProcess p : running) {
            total += w.ports().meter().sample(p).processes();
        }
        long took = System.nanoTime() - t0;
        if (total != running.size()) {
            throw new IllegalStateException("the sweep counted " + total + " processes for " + running.size() + " units");
        }
        return took;
    }

    /** Kills every unit, releases its confinement, waits for the exits and the cgroup removals. */
    private static void stop(Way w, List<LaunchedProcess> running) throws Exception {
        CgroupTree tree = w.ports().cgroupTree();
        List<CompletableFuture<?>> exits = new ArrayList<>(running.size());
        for (LaunchedProcess p : running) {
            w.ports().signaller().killTree(p);
            exits.add(p.onExit());
        }
        CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (LaunchedProcess p : running) {
            w.ports().limiter().release(p.confinement());
        }
        if (tree != null) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .pollInterval(java.time.Duration.ofMillis(1)).until(() -> tree.pendingRemovals() == 0);
        }
    }

    private static long median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }
}

package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifeline watchdog with real processes: the end of its pipe (what a master's death causes)
 * kills every watched process group, grandchildren included, and nothing that was forgotten;
 * {@code detach} makes it exit without killing.
 */
class LifelineTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EventLoop loop;
    private Lifeline lifeline;
    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        loop = new EventLoop(Arch.current().orElseThrow());
        lifeline = new Lifeline(loop);
    }

    @AfterEach
    void tearDown() {
        lifeline.severForTest();
        started.forEach(ProcessHandle::destroyForcibly);
        loop.close();
    }

    /** A group leader (setsid) with a child in its group: returns {leader, child}. */
    private long[] group() throws Exception {
        Process p = new ProcessBuilder("setsid", "sh", "-c", "sleep 300 & echo $$ $!; wait").start();
        String[] ids = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                .readLine().trim().split(" ");
        long leader = Long.parseLong(ids[0]);
        long child = Long.parseLong(ids[1]);
        ProcessHandle.of(leader).ifPresent(started::add);
        ProcessHandle.of(child).ifPresent(started::add);
        return new long[] {leader, child};
    }

    private static List<String> registryFiles(java.nio.file.Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted(java.util.Comparator.comparingLong(Long::parseLong))
                    .toList();
        }
    }

    private static boolean alive(long pid) {
        return new ProcFs(java.nio.file.Path.of("/proc")).stat(pid).map(s -> !s.isDead()).orElse(false);
    }

    @Test
    void theEndOfThePipeKillsEveryWatchedGroupButNotTheForgottenOnes() throws Exception {
        long[] a = group();
        long[] b = group();
        long[] forgotten = group();
        lifeline.bind(true);
        lifeline.watch(a[0], a[0], null);
        lifeline.watch(b[0], b[0], null);
        lifeline.watch(forgotten[0], forgotten[0], null);
        lifeline.forget(forgotten[0]);
        int watchdog = lifeline.watchdogPid();
        assertTrue(watchdog > 0);

        java.nio.file.Path registry = lifeline.registry();
        await().atMost(WAIT).until(() -> registryFiles(registry).equals(List.of(Long.toString(a[0]), Long.toString(b[0]))));
        org.junit.jupiter.api.Assertions.assertEquals(a[0] + " " + a[0] + " -\n",
                java.nio.file.Files.readString(registry.resolve(Long.toString(a[0]))));

        lifeline.severForTest();

        await().atMost(WAIT).until(() -> !alive(a[0]) && !alive(a[1]) && !alive(b[0]) && !alive(b[1]));
        await().atMost(WAIT).until(() -> !alive(watchdog));
        assertTrue(alive(forgotten[0]) && alive(forgotten[1]), "a forgotten process was killed");
        assertTrue(!java.nio.file.Files.exists(registry), "the watchdog removes its registry");
    }

    @Test
    void theEndOfThePipeRemovesTheMastersParentsOnceTheyAreEmpty(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        // Plain directories stand in for cgroups: rmdir removes an empty one and refuses one with
        // an entry, as it refuses a cgroup that still holds a process.
        java.nio.file.Path done = java.nio.file.Files.createDirectories(tmp.resolve("hsu-1-2"));
        java.nio.file.Files.createDirectories(done.resolve("web.1"));
        java.nio.file.Files.createDirectories(done.resolve("web.2"));
        java.nio.file.Path busy = java.nio.file.Files.createDirectories(tmp.resolve("hsu-3-4"));
        java.nio.file.Files.createDirectories(busy.resolve("db.1"));
        java.nio.file.Files.createFile(java.nio.file.Files.createDirectories(busy.resolve("db.2")).resolve("member"));
        long[] a = group();
        lifeline.bind(true);
        lifeline.removeAtDeath(List.of(done, busy));
        lifeline.bind(false); // a detach removes the registry with the list ...
        lifeline.bind(true); // ... and the next watchdog is told it again
        lifeline.watch(a[0], a[0], null);
        java.nio.file.Path cgroups = lifeline.registry().resolve(".cgroups");
        await().atMost(WAIT).until(() -> java.nio.file.Files.exists(cgroups));
        org.junit.jupiter.api.Assertions.assertEquals(done + "\n" + busy + "\n", java.nio.file.Files.readString(cgroups));
        int watchdog = lifeline.watchdogPid();

        lifeline.severForTest();

        await().atMost(WAIT).until(() -> !alive(a[0]) && !java.nio.file.Files.exists(done)
                && !java.nio.file.Files.exists(busy.resolve("db.1")));
        assertTrue(java.nio.file.Files.exists(busy.resolve("db.2")), "a busy unit directory is left");
        assertTrue(java.nio.file.Files.exists(busy), "and so is its parent");
        // It would try the busy one again for 5 s (50 rounds of sleep 0.1, far longer on a slow
        // machine); its work here is done.
        ProcessHandle.of(watchdog).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(WAIT).until(() -> !alive(watchdog));
    }

    @Test
    void detachEndsTheWatchdogWithoutKilling() throws Exception {
        long[] a = group();
        lifeline.bind(true);
        lifeline.watch(a[0], a[0], null);
        int watchdog = lifeline.watchdogPid();
        lifeline.bind(false);
        await().atMost(WAIT).until(() -> !alive(watchdog));
        assertTrue(alive(a[0]) && alive(a[1]), "detach must leave the units running");
    }

    @Test
    void aKilledWatchdogIsReplacedAndToldEveryUnitAgain() throws Exception {
        long[] a = group();
        lifeline.bind(true);
        lifeline.watch(a[0], a[0], null);
        int first = lifeline.watchdogPid();
        Libc.kill(first, LinuxSignals.SIGKILL);
        await().atMost(WAIT).until(() -> lifeline.watchdogPid() > 0 && lifeline.watchdogPid() != first);
        lifeline.severForTest();
        await().atMost(WAIT).until(() -> !alive(a[0]) && !alive(a[1]));
    }
}

package dev.hsu.tests.cgroup;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.spi.PlatformProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HSU's cgroups go away with the master: on a clean exit it removes them itself; after a crash
 * (SIGKILL) the next master's start kills the orphaned units and removes the leftovers. Each
 * master runs in a JVM of its own ({@link ChildMaster}), as {@code hsu run} does. Finally, no
 * cgroup of a master that is gone is left below this JVM's cgroups.
 */
class CgroupCleanupE2eTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final List<Long> unitPids = new ArrayList<>();
    private final java.util.Map<Process, BufferedReader> outputs = new java.util.HashMap<>();

    @BeforeAll
    static void needsCgroups() {
        PlatformProvider linux = ServiceLoader.load(PlatformProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("linux") && p.isAvailable()).findFirst().orElse(null);
        assumeTrue(linux != null, "no available linux provider");
        assumeTrue(linux.capabilities().treeKill(), "units get no cgroups here: " + linux.capabilities().notes());
    }

    @AfterEach
    void killWhatIsLeft() {
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (long pid : unitPids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @AfterAll
    static void noCgroupOfAMasterThatIsGoneIsLeft() throws IOException {
        await().atMost(WAIT).until(() -> HostCgroups.ofMastersThatAreGone().isEmpty());
    }

    @Test
    void aCleanExitRemovesEveryCgroupOfTheMaster() throws Exception {
        Process master = startMaster("clean");
        List<Path> dirs = HostCgroups.dirsOf(master.pid());
        assertFalse(dirs.isEmpty(), "the master made no cgroup");
        List<Long> units = unitProcesses(dirs);
        assertEquals(5, units.size(), "3 sleep units, the daemon unit and its daemon: " + units);

        master.getOutputStream().close(); // ChildMaster stops its units and exits
        assertTrue(master.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the master did not exit");
        assertEquals(0, master.exitValue(), log("clean"));
        assertEquals("STOPPED", readLine(master));

        assertEquals(List.of(), HostCgroups.dirsOf(master.pid()), log("clean"));
        await().atMost(WAIT).until(() -> units.stream().noneMatch(CgroupE2eSupport::running));
    }

    @Test
    void theNextStartKillsAndRemovesWhatACrashedMasterLeft() throws Exception {
        Process crashed = startMaster("crashed");
        List<Path> dirs = HostCgroups.dirsOf(crashed.pid());
        List<Long> orphans = unitProcesses(dirs);
        crashed.destroyForcibly();
        assertTrue(crashed.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        // A crash leaves the units running, unsupervised, in the dead master's cgroups.
        assertTrue(orphans.stream().allMatch(CgroupE2eSupport::running), "the units died with the master");
        assertTrue(dirs.stream().allMatch(Files::isDirectory));

        Process next = startMaster("next"); // its first unit start cleans up

        await().atMost(WAIT).until(() -> orphans.stream().noneMatch(CgroupE2eSupport::running));
        for (Path d : dirs) {
            assertFalse(Files.exists(d), d + " is left over");
        }
        assertTrue(Files.readString(dir.resolve("next.log")).contains("left by HSU master pid " + crashed.pid()),
                log("next"));
        next.getOutputStream().close();
        assertTrue(next.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of(), HostCgroups.dirsOf(next.pid()), log("next"));
    }

    private Process startMaster(String name) throws Exception {
        Process p = ChildMaster.start(dir.resolve(name + "-logs"), 3, dir.resolve(name + ".log"));
        children.add(p);
        String line = CompletableFuture.supplyAsync(() -> readLine(p)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("READY", line, log(name));
        return p;
    }

    /**
     * The units' long-lived processes (the sleeps; the daemon unit's intermediate shell exits by
     * itself), waiting until the daemon has been forked.
     */
    private List<Long> unitProcesses(List<Path> dirs) throws IOException {
        await().atMost(WAIT).until(() -> sleepsBelow(dirs).size() >= 5);
        List<Long> pids = sleepsBelow(dirs);
        unitPids.addAll(pids);
        return pids;
    }

    private static List<Long> sleepsBelow(List<Path> dirs) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (Path d : dirs) {
            if (!d.getFileName().toString().endsWith(".master")) {
                for (long pid : HostCgroups.processesBelow(d)) {
                    if (!pids.contains(pid) && comm(pid).equals("sleep")) {
                        pids.add(pid);
                    }
                }
            }
        }
        return pids;
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private String readLine(Process p) {
        try {
            return outputs.computeIfAbsent(p, x -> new BufferedReader(new InputStreamReader(x.getInputStream(),
                    StandardCharsets.UTF_8))).readLine();
        } catch (IOException e) {
            return "read failed: " + e;
        }
    }

    private String log(String name) {
        try {
            return "log of " + name + ":\n" + Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "no log of " + name;
        }
    }
}

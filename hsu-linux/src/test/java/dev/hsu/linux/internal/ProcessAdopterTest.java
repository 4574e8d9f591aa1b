package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.AdoptionRecord;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.Signal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Adoption of processes this JVM did not start as children (as a new master finds those of the
 * previous one): identity checks on the boot id and the exact start time, exit seen through the
 * pidfd, signals through it, and the record a launched process gives.
 */
class ProcessAdopterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LinuxPorts ports = new LinuxPorts(Path.of("/proc"), null);
    private final ProcFs proc = new ProcFs(Path.of("/proc"));
    private ProcessHandle orphan;

    @AfterEach
    void tearDown() {
        if (orphan != null) {
            orphan.destroyForcibly();
        }
    }

    /** A sleep whose parent exited: not a child of this JVM, like a unit of a previous master. */
    private long orphan() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "sleep 300 & echo $!").start();
        long pid = Long.parseLong(new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8)).readLine().trim());
        p.waitFor(5, TimeUnit.SECONDS);
        orphan = ProcessHandle.of(pid).orElseThrow();
        return pid;
    }

    private AdoptionRecord record(long pid, long ticks, String bootId) {
        Map<String, String> id = new HashMap<>();
        id.put(ProcessAdopter.START_TICKS, Long.toString(ticks));
        id.put(ProcessAdopter.BOOT_ID, bootId);
        id.put(ProcessAdopter.PGID, Long.toString(proc.stat(pid).orElseThrow().pgrp()));
        return new AdoptionRecord("web", pid, ResourceLimits.NONE, id);
    }

    @Test
    void adoptsTheVeryProcessAndSeesItsEnd() throws Exception {
        long pid = orphan();
        long ticks = proc.stat(pid).orElseThrow().startTicks();
        ProcessLauncher launcher = ports.launcher();
        LaunchedProcess p = launcher.adopt(record(pid, ticks, proc.bootId().orElseThrow())).orElseThrow();
        assertEquals(pid, p.pid());
        assertTrue(p.isAlive());
        assertEquals("web", p.confinement().unitId());
        AdoptionRecord again = p.adoptionRecord().orElseThrow();
        assertEquals(Long.toString(ticks), again.identity().get(ProcessAdopter.START_TICKS));

        ports.signaller().signal(p, Signal.TERM);
        ExitStatus status = p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(status.equals(new ExitStatus.Killed(15, Signal.TERM, false))
                || status.equals(new ExitStatus.Unknown("exit status unknown (adopted process)")), status.toString());
        assertTrue(p.adoptionRecord().isEmpty());
    }

    @Test
    void aRecycledPidAnotherBootOrAGoneProcessIsNotAdopted() throws Exception {
        long pid = orphan();
        long ticks = proc.stat(pid).orElseThrow().startTicks();
        ProcessLauncher launcher = ports.launcher();
        String boot = proc.bootId().orElseThrow();
        assertEquals(Optional.empty(), launcher.adopt(record(pid, ticks + 1, boot)), "another start time");
        assertEquals(Optional.empty(), launcher.adopt(record(pid, ticks, "00000000-0000-0000-0000-000000000000")),
                "another boot");
        orphan.destroyForcibly();
        await().atMost(WAIT).until(() -> proc.stat(pid).map(ProcStat::isDead).orElse(true));
        assertEquals(Optional.empty(), launcher.adopt(record(pid, ticks, boot)), "gone");
    }

    @Test
    void aLaunchedProcessGivesItsRecord() throws Exception {
        LaunchedProcess p = ports.launcher().launch(Specs.run("/bin/sleep", "300").unit("job").build());
        try {
            AdoptionRecord r = p.adoptionRecord().orElseThrow();
            assertEquals("job", r.unitId());
            assertEquals(p.pid(), r.pid());
            assertEquals(proc.stat(p.pid()).orElseThrow().startTicks(),
                    Long.parseLong(r.identity().get(ProcessAdopter.START_TICKS)));
            assertEquals(Long.toString(p.pid()), r.identity().get(ProcessAdopter.PGID));
            assertEquals(proc.bootId().orElseThrow(), r.identity().get(ProcessAdopter.BOOT_ID));
        } finally {
            ports.signaller().killTree(p);
            p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}

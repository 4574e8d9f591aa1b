package dev.hsu.macos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doReturn;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.Signal;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Signal numbers, wait statuses, the trampoline, the shell, the limiter, capabilities and the probe. */
class SmallPartsTest {

    @Test
    void macOsSignalNumbersAreNotLinuxs() {
        assertEquals(30, MacSignals.number(Signal.USR1));
        assertEquals(31, MacSignals.number(Signal.USR2));
        assertEquals(19, MacSignals.number(Signal.CONT));
        assertEquals(17, MacSignals.number(Signal.STOP));
        assertEquals(18, MacSignals.number(Signal.TSTP));
        assertEquals(20, MacSignals.SIGCHLD);
        for (Signal s : Signal.values()) {
            assertEquals(s, MacSignals.fromNumber(MacSignals.number(s)));
        }
        assertNull(MacSignals.fromNumber(11));
        assertNull(MacSignals.fromNumber(10));
    }

    @Test
    void waitStatusesDecode() {
        assertEquals(new ExitStatus.Exited(0), WaitStatus.decode(0));
        assertEquals(new ExitStatus.Exited(255), WaitStatus.decode(255 << 8));
        assertEquals(new ExitStatus.Killed(15, Signal.TERM, false), WaitStatus.decode(15));
        assertEquals(new ExitStatus.Killed(10, null, true), WaitStatus.decode(10 | 0x80));
        assertThrows(IllegalArgumentException.class, () -> WaitStatus.decode(0x117F));
    }

    @Test
    void theTrampolinePassesEveryValueAsAnOperandAndRepairsTheEnvironment() {
        ShellProfile dash = new ShellProfile("/bin/sh", "-p", "/usr/bin/nice", "/usr/bin/env");
        List<String> argv = Trampoline.argv(dash, List.of(new RlimitStep(LimitKind.MAX_PROCESSES, 9)), 4,
                Map.of("SHLVL", "3", "PATH", "/bin"), "my prog", List.of("$x", "a b"));
        assertEquals(List.of("/bin/sh", "-c"), argv.subList(0, 2));
        assertTrue(argv.get(2).startsWith("ulimit -p \"$1\""), argv.get(2));
        assertEquals(List.of("hsu-exec", "9", "--", "/usr/bin/nice", "-n", "4", "--", "/usr/bin/env", "-u", "PWD", "-u",
                "_", "--", "SHLVL=3", "my prog", "$x", "a b"), argv.subList(3, argv.size()));
        assertThrows(IllegalArgumentException.class, () -> Trampoline.argv(dash, List.of(), 0, Map.of(), "a=b", List.of()));
        assertThrows(IllegalArgumentException.class, () -> Trampoline.argv(new ShellProfile("/bin/sh", "-u", null,
                "/usr/bin/env"), List.of(), 1, Map.of(), "x", List.of()));
        assertThrows(IllegalArgumentException.class, () -> Trampoline.argv(new ShellProfile("/bin/sh", "-u",
                "/usr/bin/nice", null), List.of(), 0, Map.of(), "x", List.of()));
    }

    @Test
    void theShellProfileLearnsTheProcessLimitOption() {
        assertEquals("-u", ShellProfile.detect(script -> true, p -> true).processLimitOption());
        ShellProfile dash = ShellProfile.detect(script -> false, p -> p.equals(Path.of("/bin/nice")));
        assertEquals("-p", dash.processLimitOption());
        assertEquals("/bin/nice", dash.nice());
        assertNull(dash.env());
    }

    @Test
    void onlyRlimitsAreEnforcedAndEverythingElseIsRefusedByName() {
        RlimitLimiter limiter = new RlimitLimiter();
        MacConfinement c = (MacConfinement) limiter.confine("web",
                ResourceLimits.builder().maxOpenFiles(64L).maxProcesses(8).build());
        assertEquals(List.of(new RlimitStep(LimitKind.MAX_OPEN_FILES, 64), new RlimitStep(LimitKind.MAX_PROCESSES, 8)),
                c.rlimits());
        assertEquals(Darwin.RLIMIT_NOFILE, c.rlimits().get(0).resource());
        assertEquals(8, Darwin.RLIMIT_NOFILE);
        assertEquals(7, Darwin.RLIMIT_NPROC);
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> limiter.confine("db", ResourceLimits.builder().memory(1L << 30).cpu(1.0).build()));
        assertEquals("limit cpu, memory", e.capability());
        assertEquals("macos", e.platform());
        assertTrue(e.getMessage().contains("unit db asks for cpu, memory, which macOS cannot enforce"), e.getMessage());
        limiter.release(c);
        assertEquals(Optional.empty(), limiter.explainExit(c, new ExitStatus.Killed(9, Signal.KILL, false)));
    }

    @Test
    void theCapabilitiesDeclareWhatMacOsCannotEnforce() {
        assertEquals(Set.of(LimitKind.MAX_OPEN_FILES, LimitKind.MAX_PROCESSES), MacCapabilities.AVAILABLE.enforceableLimits());
        for (LimitKind kind : LimitKind.values()) {
            assertTrue(MacCapabilities.AVAILABLE.notes().stream().anyMatch(n -> n.contains(kind.configKey())),
                    kind.configKey());
        }
        assertFalse(MacCapabilities.AVAILABLE.treeKill());
        assertTrue(MacCapabilities.UNAVAILABLE.enforceableLimits().isEmpty());
    }

    @Test
    void theProbeChecksKqueueLibprocAndTheTimebase() {
        DarwinMocks mac = new DarwinMocks();
        MacProbe.Outcome ok = MacProbe.probe("Mac OS X", "aarch64", () -> new MacNatives(mac.libc, mac.libproc));
        assertTrue(ok.available());
        assertEquals(125, ok.timebaseNumer());
        assertEquals(3, ok.timebaseDenom());

        doReturn(-1).when(mac.libc).kqueue();
        assertEquals("kqueue failed (errno 0)", MacProbe.probe("Mac OS X", "x86_64",
                () -> new MacNatives(mac.libc, mac.libproc)).cause().getMessage());

        DarwinMocks other = new DarwinMocks();
        doReturn(0).when(other.libproc).proc_pidinfo(anyInt(), anyInt(), anyLong(), any(), anyInt());
        assertTrue(MacProbe.probe("Darwin", "arm64", () -> new MacNatives(other.libc, other.libproc)).cause().getMessage()
                .startsWith("libproc gives no information even about the master"));

        DarwinMocks zero = new DarwinMocks();
        zero.timebaseDenom = 0;
        assertEquals("mach_timebase_info gave 125/0", MacProbe.probe("Mac OS X", "aarch64",
                () -> new MacNatives(zero.libc, zero.libproc)).cause().getMessage());

        assertTrue(MacProbe.probe("Mac OS X", "ppc", () -> {
            throw new AssertionError();
        }).cause().getMessage().contains("not ppc"));
    }

    @Test
    void theLoopDispatchesByTokenAndStops() throws Exception {
        DarwinMocks mac = new DarwinMocks();
        KqueueLoop loop = new KqueueLoop(mac.libc);
        try {
            List<Short> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            long token = loop.newToken();
            loop.post(token, (filter, flags, data) -> seen.add(filter));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> seen.size() == 1);
            assertEquals(Darwin.EVFILT_USER, seen.get(0));
        } finally {
            loop.close();
        }
        assertFalse(loop.thread().isAlive());
        org.mockito.Mockito.verify(mac.libc).close(DarwinMocks.KQ);
    }

    @Test
    void aKqueueThatCannotBeCreatedIsReported() {
        DarwinMocks mac = new DarwinMocks();
        doReturn(-1).when(mac.libc).kqueue();
        NativeCallException e = assertThrows(NativeCallException.class, () -> new KqueueLoop(mac.libc));
        assertTrue(e.getMessage().startsWith("kqueue failed"));
    }

    @Test
    void thePortsAreBuiltFromTheOutcomeAndTheShellIsAskedThroughARealSpawn() throws Exception {
        DarwinMocks mac = new DarwinMocks();
        MacProbe.Outcome outcome = MacProbe.probe("Mac OS X", "aarch64", () -> new MacNatives(mac.libc, mac.libproc));
        MacPorts ports = new MacPorts(outcome);
        assertEquals(MacCapabilities.AVAILABLE, MacPorts.capabilities(outcome));
        org.junit.jupiter.api.Assertions.assertNotNull(ports.launcher());
        org.junit.jupiter.api.Assertions.assertNotNull(ports.signaller());
        org.junit.jupiter.api.Assertions.assertNotNull(ports.meter());
        assertTrue(ports.limiter() instanceof RlimitLimiter);

        // The shell detection spawns /bin/sh -c <script> with the null device and waits for it.
        mac.afterSpawn = pid -> mac.procs.get(pid).exit(0);
        assertTrue(MacPorts.succeeds(mac.libc, new Spawner(mac.libc), "ulimit -u >/dev/null 2>&1"));
        DarwinMocks.Proc sh = mac.procs.values().stream().filter(p -> p.argv != null).findFirst().orElse(null);
        mac.afterSpawn = pid -> mac.procs.get(pid).exit(2);
        assertFalse(MacPorts.succeeds(mac.libc, new Spawner(mac.libc), "ulimit -u >/dev/null 2>&1"));
        mac.spawnError = Errno.ENOENT;
        assertFalse(MacPorts.succeeds(mac.libc, new Spawner(mac.libc), "true"));
        assertEquals(null, sh, "the detection's children are reaped");
    }
}

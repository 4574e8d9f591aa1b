package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.linux.internal.cgroup.BlockDevices;
import dev.hsu.linux.internal.cgroup.CgroupFs;
import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.linux.internal.cgroup.CgroupTree;
import dev.hsu.linux.internal.cgroup.Controller;
import dev.hsu.linux.internal.cgroup.Hierarchy;
import dev.hsu.linux.internal.cgroup.KillMethod;
import dev.hsu.linux.internal.cgroup.MasterIdentity;
import dev.hsu.linux.internal.cgroup.UnitCgroup;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.ResourceUsage;
import dev.hsu.spi.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kernel must enforce for a unit, whatever the cgroup version: the same tests run on
 * this host's v1 controllers ({@link CgroupV1EnforcementTest}, {@link CgroupV1FreezerTest}) and on
 * a v2 host ({@link CgroupV2EnforcementTest}, {@link CgroupV2FreezeTest}). Each class has a tree
 * of its own ({@code hsu-<pid>-<start>-<tag>}) and checks at the end that nothing of it is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CgroupEnforcementContract {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final long MIB = 1L << 20;

    static {
        org.awaitility.Awaitility.setDefaultPollDelay(Duration.ZERO);
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
    }

    CgroupTree tree;
    LinuxPorts ports;
    private final List<LaunchedProcess> launched = new ArrayList<>();
    private final List<Confinement> confined = new ArrayList<>();
    private final List<long[]> strays = new ArrayList<>(); // {pid, startTicks}

    @TempDir
    Path tmp;

    /** The host as this class sees it; a test is skipped (with the reason) when it lacks what it needs. */
    abstract CgroupHost host();

    /** Letters and digits telling this class's tree apart. */
    abstract String tag();

    /** Null for the best the host offers. */
    KillMethod killMethod() {
        return null;
    }

    /** Why this class cannot run here, or null. */
    abstract String unsupportedBecause(CgroupHost host);

    private String unsupported;

    @BeforeAll
    void makeTree() {
        CgroupHost host = host();
        unsupported = unsupportedBecause(host);
        if (unsupported != null) {
            return;
        }
        tree = LinuxCgroups.newTree(host, tag(), killMethod(), true);
        ports = new LinuxPorts(Path.of("/proc"), tree);
        tree.start();
        assertTrue(tree.failure().isEmpty(), () -> tree.failure().get());
        if (killMethod() != null) {
            assertEquals(killMethod(), tree.killMethod());
        }
    }

    @BeforeEach
    void onlyWhereSupported() {
        assumeTrue(unsupported == null, unsupported);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (LaunchedProcess p : launched) {
            ports.signaller().killTree(p);
        }
        for (LaunchedProcess p : launched) {
            p.onExit().get(10, TimeUnit.SECONDS);
        }
        for (long[] s : strays) {
            ProcStat stat = Children.PROC.stat(s[0]).orElse(null);
            if (stat != null && stat.startTicks() == s[1]) {
                ProcessHandle.of(s[0]).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (Confinement c : confined) {
            ports.limiter().release(c);
        }
        launched.clear();
        confined.clear();
        strays.clear();
    }

    @AfterAll
    void nothingOfTheTreeIsLeft() {
        if (tree == null) {
            return;
        }
        await().atMost(WAIT).until(() -> tree.pendingRemovals() == 0);
        Map<Hierarchy, Path> parents = tree.parents();
        for (Path parent : parents.values()) {
            assertEquals(List.of(), CgroupFs.childDirs(parent), "unit cgroups left in " + parent);
        }
        tree.close();
        for (Path parent : parents.values()) {
            assertFalse(Files.exists(parent), parent + " is left after close()");
        }
    }

    // ---- item 2: placement without a window --------------------------------------------------

    @Test
    void theProgramsFirstInstructionAlreadyRunsInItsCgroup() throws Exception {
        CollectingSink out = new CollectingSink();
        LaunchedProcess p = launch(spec("placed", limitsTouchingEveryController(), "cat", List.of("/proc/self/cgroup"))
                .stdout(new OutputTarget.Capture(out)));
        assertEquals(new ExitStatus.Exited(0), p.onExit().get(10, TimeUnit.SECONDS));
        await().atMost(WAIT).until(out::isClosed);
        UnitCgroup cgroup = cgroupOf(p);
        List<String> lines = out.text().lines().toList();
        for (UnitCgroup.Dir dir : cgroup.dirs()) {
            boolean found = lines.stream().anyMatch(line -> dir.isV2()
                    ? line.equals("0::" + dir.cgroupPath())
                    : !line.startsWith("0::") && line.endsWith(":" + dir.cgroupPath())
                            && dir.hierarchy().controllers().stream().anyMatch(c -> line.split(":")[1]
                                    .contains(c.v1Name())));
            assertTrue(found, "the program did not start in " + dir.path() + ":\n" + out.text());
        }
        // The trampoline joins the tracking hierarchy first.
        JoinCgroup first = (JoinCgroup) ((LinuxConfinement) p.confinement()).preExecSteps().get(0);
        assertEquals(cgroup.tracking().path().resolve(cgroup.tracking().isV2() ? "cgroup.procs" : "tasks"),
                first.file());
    }

    @Test
    void aChildForkedByTheProgramIsInTheUnitsCgroupToo() throws Exception {
        CollectingSink out = new CollectingSink();
        LaunchedProcess p = launch(spec("forker", ResourceLimits.NONE, "/bin/sh",
                List.of("-c", "sh -c 'cat /proc/self/cgroup' & wait")).stdout(new OutputTarget.Capture(out)));
        p.onExit().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(out::isClosed);
        String tracking = cgroupOf(p).tracking().cgroupPath();
        assertTrue(out.text().lines().anyMatch(l -> l.endsWith(":" + tracking)), out.text());
    }

    // ---- item 3: the limits ------------------------------------------------------------------

    @Test
    void theLimitValuesAreWrittenToTheUnitsCgroup() throws Exception {
        requireControllers(Controller.CPU, Controller.MEMORY, Controller.PIDS);
        ResourceLimits.Builder b = ResourceLimits.builder().cpu(0.25).cpuShares(200).memory(32 * MIB).maxProcesses(7);
        boolean swap = ports.portCapabilities().enforceableLimits().contains(LimitKind.MEMORY_SWAP);
        if (swap) {
            b.memorySwap(48 * MIB);
        }
        LinuxConfinement c = confine("valued", b.build());
        UnitCgroup cg = c.cgroup();
        Path cpu = cg.dirFor(Controller.CPU).orElseThrow().path();
        Path memory = cg.dirFor(Controller.MEMORY).orElseThrow().path();
        Path pids = cg.dirFor(Controller.PIDS).orElseThrow().path();
        if (cg.dirFor(Controller.CPU).get().isV2()) {
            assertEquals("25000 100000", read(cpu.resolve("cpu.max")));
            assertEquals("200", read(cpu.resolve("cpu.weight")));
        } else {
            assertEquals("25000", read(cpu.resolve("cpu.cfs_quota_us")));
            assertEquals("100000", read(cpu.resolve("cpu.cfs_period_us")));
            assertEquals("2048", read(cpu.resolve("cpu.shares")));
        }
        boolean v2 = cg.dirFor(Controller.MEMORY).get().isV2();
        assertEquals(Long.toString(32 * MIB), read(memory.resolve(v2 ? "memory.max" : "memory.limit_in_bytes")));
        if (swap) {
            assertEquals(Long.toString(v2 ? 16 * MIB : 48 * MIB),
                    read(memory.resolve(v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes")));
        }
        assertEquals("7", read(pids.resolve("pids.max")));
        assertFalse(c.preExecSteps().stream().anyMatch(s -> s instanceof SetRlimit r && r.limit() == Rlimit.NPROC),
                "with a pids controller, max_processes is not the per-user RLIMIT_NPROC");
    }

    // ---- item 4: violations ------------------------------------------------------------------

    @Test
    void aChildAllocatingPastItsMemoryLimitIsOomKilledAndTheExitSaysSo() throws Exception {
        requireControllers(Controller.MEMORY);
        // dd allocates a 256 MiB buffer and fills it: far past the limit, whatever the page cache does.
        LaunchedProcess p = launch(spec("hungry", ResourceLimits.builder().memory(64 * MIB).build(), "dd",
                List.of("if=/dev/zero", "of=/dev/null", "bs=256M", "count=1")));
        ExitStatus status = p.onExit().get(30, TimeUnit.SECONDS);
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), status);
        Optional<LimitViolation> why = ports.limiter().explainExit(p.confinement(), status);
        assertEquals(Optional.of(new LimitViolation(LimitKind.MEMORY, 64 * MIB, "OOM (memory limit 64MiB)")), why);
    }

    @Test
    void aPlainSigkillIsNotAnOom() throws Exception {
        requireControllers(Controller.MEMORY);
        LaunchedProcess p = launch(spec("plain", ResourceLimits.builder().memory(64 * MIB).build(), "sleep",
                List.of("1000")));
        LinuxProcessLauncherTest.awaitExecDone(p);
        ports.signaller().signal(p, Signal.KILL);
        ExitStatus status = p.onExit().get(10, TimeUnit.SECONDS);
        assertEquals(Optional.empty(), ports.limiter().explainExit(p.confinement(), status));
    }

    @Test
    void aForkLoopNeverExceedsMaxProcessesIsReportedAndTheUnitIsStillStoppable() throws Exception {
        requireControllers(Controller.PIDS);
        // 60 background sleeps asked for, 20 processes allowed (the shell included); dash gives up
        // (exit 2) at the first fork the kernel refuses, leaving its 19 children behind.
        LaunchedProcess p = launch(spec("forky", ResourceLimits.builder().maxProcesses(20).build(), "/bin/sh",
                List.of("-c", "i=0; while [ $i -lt 60 ]; do sleep 1000 & i=$((i+1)); done; exec sleep 1000")));
        UnitCgroup cg = cgroupOf(p);
        ExitStatus status = p.onExit().get(10, TimeUnit.SECONDS);
        assertEquals(new ExitStatus.Exited(2), status, "dash exits 2 when it cannot fork");
        Path pidsDir = cg.dirFor(Controller.PIDS).orElseThrow().path();
        Optional<Long> peak = CgroupFs.readNumber(pidsDir.resolve("pids.peak"));
        assertTrue(peak.orElse(0L) <= 20, "pids.peak " + peak);
        assertEquals(19, cg.pids().size(), "the sleeps the shell could fork");
        assertTrue(cg.pidsRefused() > 0, "the kernel refused no fork");
        LimitViolation v = ports.limiter().explainExit(p.confinement(), status).orElseThrow();
        assertEquals(LimitKind.MAX_PROCESSES, v.kind());
        assertTrue(v.description().startsWith("process limit reached (max_processes 20: "), v.description());

        // Still stoppable: the tree kill needs no fork.
        assertEquals(19, ports.signaller().killTree(p));
        await().atMost(WAIT).until(cg::isEmpty);
    }

    @Test
    void aBusyLoopUnderHalfACoreUsesAtMostHalfACpuSecondPerSecond() throws Exception {
        requireControllers(Controller.CPU);
        // Two busy loops: unlimited they could use two cores.
        LaunchedProcess p = launch(spec("busy", ResourceLimits.builder().cpu(0.5).build(), "/bin/sh",
                List.of("-c", "while :; do :; done & while :; do :; done")));
        await().atMost(WAIT).until(() -> ports.meter().sample(p).processes() == 2);
        ResourceUsage start = ports.meter().sample(p);
        long t0 = System.nanoTime();
        await().atMost(WAIT).until(() -> System.nanoTime() - t0 >= TimeUnit.SECONDS.toNanos(3));
        ResourceUsage end = ports.meter().sample(p);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuPerSecond = (end.cpuTimeNanos() - start.cpuTimeNanos()) / 1e9 / seconds;
        assertTrue(cpuPerSecond <= 0.55, "used " + cpuPerSecond + " CPU-seconds per second under cpu: 0.5");
        assertTrue(cpuPerSecond >= 0.1, "the loops hardly ran (" + cpuPerSecond + "); the test proves nothing");
    }

    // ---- item 5: whole-tree stop -------------------------------------------------------------

    @Test
    void aDoubleForkedSetsidDaemonIsGoneAfterTheStop() throws Exception {
        Path pidFile = tmp.resolve("daemon.pid");
        LaunchedProcess p = launch(daemonUnit("daemonizer", pidFile));
        long daemon = awaitDaemon(p, pidFile);
        assertTrue(cgroupOf(p).isMember((int) daemon), "the daemon is in the unit's cgroup");

        ports.signaller().killTree(p);
        p.onExit().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> !alive(daemon));
        await().atMost(WAIT).until(cgroupOf(p)::isEmpty);
    }

    @Test
    void aGracefulTreeSignalReachesADaemonThatLeftTheGroupAndLostItsParent() throws Exception {
        Path pidFile = tmp.resolve("daemon.pid");
        LaunchedProcess p = launch(daemonUnit("graceful", pidFile));
        long daemon = awaitDaemon(p, pidFile);
        ports.signaller().signalTree(p, Signal.TERM);
        assertEquals(new ExitStatus.Killed(15, Signal.TERM, false), p.onExit().get(10, TimeUnit.SECONDS));
        await().atMost(WAIT).until(() -> !alive(daemon));
    }

    // ---- item 6: accounting ------------------------------------------------------------------

    @Test
    void accountingComesFromTheCgroupAndCoversEveryProcess() throws Exception {
        CollectingSink out = new CollectingSink();
        LaunchedProcess p = launch(spec("counted", ResourceLimits.NONE, "/bin/sh", List.of("-c",
                "sleep 1000 & sleep 1000 & i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; echo counted; wait"))
                .stdout(new OutputTarget.Capture(out)));
        await().atMost(WAIT).until(() -> out.text().contains("counted") && ports.meter().sample(p).processes() == 3);
        ResourceUsage u = ports.meter().sample(p);
        assertTrue(u.cpuTimeNanos() > 1_000_000, "cpu " + u.cpuTimeNanos());
        assertTrue(u.threads() >= 3, "threads " + u.threads());
        assertTrue(u.openFiles() >= 9, "open files " + u.openFiles());
        if (cgroupOf(p).dirFor(Controller.MEMORY).isPresent()) {
            assertTrue(u.memoryBytes() > 0 && u.memoryPeakBytes() >= u.memoryBytes(), u.toString());
        }
        assertTrue(u.ioReadBytes() >= 0 && u.ioWriteBytes() >= 0, u.toString());
    }

    // ---- item 7: clean up --------------------------------------------------------------------

    @Test
    void releaseKillsWhatIsLeftAndRemovesTheUnitsCgroup() throws Exception {
        LaunchedProcess p = launch(spec("released", ResourceLimits.NONE, "/bin/sh",
                List.of("-c", "sleep 1000 & sleep 1000 & wait")));
        await().atMost(WAIT).until(() -> ports.meter().sample(p).processes() == 3);
        UnitCgroup cg = cgroupOf(p);
        ports.limiter().release(p.confinement());
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), p.onExit().get(10, TimeUnit.SECONDS));
        await().atMost(WAIT).until(() -> cg.dirs().stream().noneMatch(d -> Files.exists(d.path())));
        ports.limiter().release(p.confinement()); // idempotent
    }

    /** The tree and ports of a master named after a pid that cannot exist, and its one unit. */
    private record GoneMaster(CgroupTree tree, LinuxPorts ports, LaunchedProcess unit) {
    }

    /** Starts {@code sleep 1000} as unit {@code unit} of a "master" {@code pid} that is gone. */
    private GoneMaster goneMasterRunning(long pid, String unit) throws Exception {
        return goneMasterRunning(pid, unit, "sleep", List.of("1000"));
    }

    private GoneMaster goneMasterRunning(long pid, String unit, String executable, List<String> args)
            throws Exception {
        CgroupTree gone = new CgroupTree(tree.host(), new CgroupTree.Options(new MasterIdentity(pid, 1, ""),
                Path.of("/proc"), killMethod(), true,
                (p, start) -> Children.PROC.stat(p).map(s -> s.startTicks() == start).orElse(false),
                PidfdSignaller.INSTANCE));
        LinuxPorts ports = new LinuxPorts(Path.of("/proc"), gone);
        Confinement c = ports.limiter().confine(unit, ResourceLimits.NONE);
        LaunchedProcess p = ports.launcher().launch(new LaunchSpec(unit, executable, args,
                Children.baseEnvironment(), null, OutputTarget.discard(), OutputTarget.discard(), null, c));
        launched.add(p);
        LinuxProcessLauncherTest.awaitExecDone(p);
        return new GoneMaster(gone, ports, p);
    }

    @Test
    void aLeftoverOfAMasterThatIsGoneIsKilledAndRemovedAtTheNextStart() throws Exception {
        // A "crashed" master, never closed.
        GoneMaster crashed = goneMasterRunning(2_000_000_000L, "orphan");
        LaunchedProcess orphan = crashed.unit();
        List<Path> left = List.copyOf(crashed.tree().parents().values());
        assertFalse(left.isEmpty());

        startAnotherMaster("next");
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), orphan.onExit().get(10, TimeUnit.SECONDS));
        for (Path dir : left) {
            assertFalse(Files.exists(dir), dir + " was not cleaned");
        }
    }

    /** Starts (and closes) the tree of another master: its start cleans what gone masters left. */
    private void startAnotherMaster(String suffix) {
        startAnotherMaster(suffix, List.of());
    }

    /** The same, for a master whose state file records the unit directories {@code inherited}. */
    private void startAnotherMaster(String suffix, List<Path> inherited) {
        CgroupTree other = LinuxCgroups.newTree(tree.host(), tag() + suffix, killMethod(), true);
        try {
            other.inherit(inherited);
            other.start();
        } finally {
            other.close();
        }
    }

    @Test
    void unitsKeptOnPurposeByAMasterThatIsGoneAreLeftAloneAndTheirCgroupGoesWithThem() throws Exception {
        // A master that ended with shutdown --keep-units; another master (another state directory)
        // starts before the kept master's successor does.
        GoneMaster keepingMaster = goneMasterRunning(2_000_000_001L, "kept");
        CgroupTree keeping = keepingMaster.tree();
        LaunchedProcess kept = keepingMaster.unit();
        List<Path> left = List.copyOf(keeping.parents().values());
        keeping.keepUnitsAtExit(true);
        keeping.close();
        for (Path dir : left) {
            assertTrue(Files.isDirectory(dir.resolve(MasterIdentity.KEPT_MARKER)), dir + " is not marked as kept");
        }

        startAnotherMaster("other");
        assertTrue(ProcessHandle.of(kept.pid()).map(ProcessHandle::isAlive).orElse(false),
                "another master killed a unit kept for the next master of its state directory");
        assertFalse(kept.onExit().isDone());
        for (UnitCgroup.Dir d : cgroupOf(kept).dirs()) {
            assertTrue(Files.isDirectory(d.path()), d.path() + " was removed with its kept unit in it");
        }

        keepingMaster.ports().signaller().killTree(kept);
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), kept.onExit().get(10, TimeUnit.SECONDS));
        startAnotherMaster("later");
        for (Path dir : left) {
            assertFalse(Files.exists(dir), dir + " outlived its kept unit");
        }
    }

    @Test
    void theMasterUnitsWereKeptForKillsWhatItCouldNotAdoptOfThem() throws Exception {
        // A kept unit whose main process ended while no master ran, leaving its child behind.
        GoneMaster keepingMaster = goneMasterRunning(2_000_000_002L, "kept", "/bin/sh",
                List.of("-c", "sleep 1000 & wait"));
        LaunchedProcess kept = keepingMaster.unit();
        UnitCgroup cg = cgroupOf(kept);
        await().atMost(WAIT).until(() -> cg.pids().size() == 2);
        int remnantPid = cg.pids().stream().filter(pid -> pid != kept.pid()).findFirst().orElseThrow();
        // Handles, not pids: they end only the process they were taken of, never a reuse of its pid.
        ProcessHandle remnant = ProcessHandle.of(remnantPid).orElseThrow();
        ProcessHandle main = ProcessHandle.of(kept.pid()).orElseThrow();
        try {
            List<Path> left = List.copyOf(keepingMaster.tree().parents().values());
            keepingMaster.tree().keepUnitsAtExit(true);
            keepingMaster.tree().close();
            main.destroyForcibly();
            kept.onExit().get(10, TimeUnit.SECONDS);
            assertTrue(remnant.isAlive(), "the child outlives the kept unit's main process");

            // The master whose state file records that unit's cgroup.
            startAnotherMaster("heir", cg.dirs().stream().map(UnitCgroup.Dir::path).toList());
            await().atMost(WAIT).until(() -> !remnant.isAlive());
            for (Path dir : left) {
                assertFalse(Files.exists(dir), dir + " outlived what was kept in it");
            }
        } finally {
            remnant.destroyForcibly();
        }
    }

    @Test
    void whileUnitsAreToOutliveTheMasterItsParentsAreMarkedSoACrashKeepsThemToo() throws Exception {
        // on_crash: keep-units is set at the start; a crash gives the master no chance to mark.
        CgroupTree policy = LinuxCgroups.newTree(tree.host(), tag() + "policy", killMethod(), true);
        try {
            policy.keepUnitsAtExit(true);
            policy.start();
            List<Path> parents = List.copyOf(policy.parents().values());
            assertFalse(parents.isEmpty());
            for (Path p : parents) {
                assertTrue(Files.isDirectory(p.resolve(MasterIdentity.KEPT_MARKER)), p + " is not marked at the start");
            }
            policy.keepUnitsAtExit(false);
            for (Path p : parents) {
                assertFalse(Files.exists(p.resolve(MasterIdentity.KEPT_MARKER)), p + " is still marked");
            }
            policy.keepUnitsAtExit(true);
            policy.close(); // no unit runs: nothing is kept, and the parents go, marks and all
            for (Path p : parents) {
                assertFalse(Files.exists(p), p + " outlived a master that kept nothing");
            }
        } finally {
            policy.close();
        }
    }

    // ---- io ----------------------------------------------------------------------------------

    @Test
    void bandwidthLimitsGoToTheDiskOfTheWorkingDirectory() throws Exception {
        requireControllers(Controller.IO);
        assumeTrue(ports.portCapabilities().enforceableLimits().contains(LimitKind.IO_READ_BPS),
                "the kernel has no I/O throttling here");
        BlockDevices.Resolution r = BlockDevices.system().resolve(tmp);
        assumeTrue(r instanceof BlockDevices.Found, "the test directory is not on a disk here: " + r);
        String disk = ((BlockDevices.Found) r).device().majorMinor();
        LaunchedProcess p = launch(spec("throttled", ResourceLimits.builder().ioReadBps(1_000_000L)
                .ioWriteBps(2_000_000L).build(), "sleep", List.of("1000")).cwd(tmp));
        UnitCgroup.Dir io = cgroupOf(p).dirFor(Controller.IO).orElseThrow();
        if (io.isV2()) {
            assertTrue(read(io.path().resolve("io.max")).contains(disk + " rbps=1000000 wbps=2000000"),
                    read(io.path().resolve("io.max")));
        } else {
            assertEquals(disk + " 1000000", read(io.path().resolve("blkio.throttle.read_bps_device")));
            assertEquals(disk + " 2000000", read(io.path().resolve("blkio.throttle.write_bps_device")));
        }
    }

    @Test
    void aBandwidthLimitOnAWorkingDirectoryWithoutADiskIsALaunchError() throws Exception {
        requireControllers(Controller.IO);
        assumeTrue(ports.portCapabilities().enforceableLimits().contains(LimitKind.IO_READ_BPS),
                "the kernel has no I/O throttling here");
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && BlockDevices.system().resolve(shm) instanceof BlockDevices.NotLimitable,
                "/dev/shm is not a tmpfs here");
        LaunchException e = assertThrows(LaunchException.class, () -> launch(spec("shm",
                ResourceLimits.builder().ioReadBps(1_000_000L).build(), "sleep", List.of("1")).cwd(shm)));
        assertTrue(e.getMessage().contains("unit shm: io_read_bps cannot be enforced: /dev/shm is on tmpfs"),
                e.getMessage());
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A limit per controller, so that the unit gets a directory in every hierarchy. */
    ResourceLimits limitsTouchingEveryController() {
        ResourceLimits.Builder b = ResourceLimits.builder();
        var caps = ports.portCapabilities().enforceableLimits();
        if (caps.contains(LimitKind.MEMORY)) {
            b.memory(512 * MIB);
        }
        if (caps.contains(LimitKind.CPU)) {
            b.cpu(2.0);
        }
        b.maxProcesses(100);
        return b.build();
    }

    void requireControllers(Controller... controllers) {
        for (Controller c : controllers) {
            assumeTrue(tree.host().hierarchyFor(c).isPresent(), "no usable " + c + " controller here: "
                    + tree.host().summary());
        }
    }

    LinuxConfinement confine(String unit, ResourceLimits limits) {
        LinuxConfinement c = (LinuxConfinement) ports.limiter().confine(unit, limits);
        confined.add(c);
        return c;
    }

    SpecBuilder spec(String unit, ResourceLimits limits, String exe, List<String> args) {
        return new SpecBuilder(unit, limits, exe, args);
    }

    LaunchedProcess launch(SpecBuilder b) throws LaunchException {
        LinuxConfinement c = confine(b.unit, b.limits);
        LaunchedProcess p = ports.launcher().launch(new LaunchSpec(b.unit, b.exe, b.args, Children.baseEnvironment(),
                b.cwd, b.stdout, OutputTarget.discard(), null, c));
        launched.add(p);
        return p;
    }

    SpecBuilder daemonUnit(String unit, Path pidFile) {
        // setsid(1) forks when the shell leads its group; the inner shell backgrounds sleep, writes
        // its pid and exits: sleep is reparented, in a session of its own.
        return spec(unit, ResourceLimits.NONE, "/bin/sh", List.of("-c", "setsid sh -c 'sleep 1000 & echo $! > "
                + pidFile + "'; exec sleep 1000"));
    }

    long awaitDaemon(LaunchedProcess p, Path pidFile) throws Exception {
        await().atMost(WAIT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long daemon = Long.parseLong(Files.readString(pidFile).trim());
        ProcStat stat = Children.PROC.stat(daemon).orElseThrow();
        strays.add(new long[] {daemon, stat.startTicks()});
        await().atMost(WAIT).until(() -> Children.PROC.stat(daemon).map(s -> s.ppid() != p.pid()).orElse(true));
        ProcStat now = Children.PROC.stat(daemon).orElseThrow();
        assertNotEquals(p.pid(), now.pgrp(), "the daemon left the unit's process group");
        assertNotEquals(p.pid(), (long) now.ppid(), "the daemon lost its parent link to the unit");
        return daemon;
    }

    static boolean alive(long pid) {
        return Children.PROC.stat(pid).map(s -> !s.isDead()).orElse(false);
    }

    static UnitCgroup cgroupOf(LaunchedProcess p) {
        UnitCgroup cg = ((LinuxConfinement) p.confinement()).cgroup();
        assertInstanceOf(UnitCgroup.class, cg, "the unit got no cgroup");
        return cg;
    }

    static String read(Path file) throws Exception {
        return Files.readString(file).trim();
    }

    static final class SpecBuilder {
        final String unit;
        final ResourceLimits limits;
        final String exe;
        final List<String> args;
        Path cwd;
        OutputTarget stdout = OutputTarget.discard();

        SpecBuilder(String unit, ResourceLimits limits, String exe, List<String> args) {
            this.unit = unit;
            this.limits = limits;
            this.exe = exe;
            this.args = args;
        }

        SpecBuilder cwd(Path dir) {
            this.cwd = dir;
            return this;
        }

        SpecBuilder stdout(OutputTarget target) {
            this.stdout = target;
            return this;
        }
    }
}

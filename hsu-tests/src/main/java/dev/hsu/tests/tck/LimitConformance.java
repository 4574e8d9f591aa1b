package dev.hsu.tests.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.ResourceUsage;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resource limits: every limit the adapter claims in {@code capabilities().enforceableLimits()}
 * holds for the unit, and every limit it does not claim is refused by name, never ignored.
 *
 * <p>What "holds" means per kind: {@code max_open_files} is the per-process limit the program
 * sees (soft and hard); {@code max_processes} stops the unit from running more processes
 * (or, where the OS exempts a privileged master from its per-user mechanism and the adapter's
 * notes say so, is at least the limit the program sees); {@code memory} ends or starves a
 * program that allocates past it, and the limiter explains the end as that limit; {@code cpu}
 * bounds the CPU time a busy unit gets. Weights ({@code cpu_shares}, {@code io_weight}), swap
 * and bandwidth limits only show their effect under contention a test host cannot arrange:
 * for them the kit checks that they are accepted and that the unit runs under them.
 */
public abstract class LimitConformance extends ConformanceBase {

    private void assumeClaimed(LimitKind kind) {
        assumeTrue(capabilities.enforceableLimits().contains(kind),
                () -> "the adapter does not claim " + kind.configKey());
    }

    @ParameterizedTest
    @EnumSource(LimitKind.class)
    void anUnclaimedLimitIsRefusedNamingIt(LimitKind kind) {
        assumeTrue(!capabilities.enforceableLimits().contains(kind), () -> "the adapter claims " + kind.configKey());
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> children.confine(TckChildren.newUnitName(), only(kind)));
        assertTrue(e.getMessage().contains(kind.configKey()), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(LimitKind.class)
    void aClaimedLimitIsAcceptedAndTheUnitRunsUnderIt(LimitKind kind) throws Exception {
        assumeClaimed(kind);
        ResourceLimits limits = only(kind);
        assumeTrue(capabilities.enforceableLimits().containsAll(limits.requested()),
                () -> kind.configKey() + " needs " + limits.requested() + ", not all claimed");
        TckSpec spec = children.spec(commands.exit(0)).limits(limits);
        LaunchedProcess p = spec.launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        assertEquals(limits, p.confinement().limits());
        assertEquals(spec.unit(), p.confinement().unitId());
    }

    @Test
    void maxOpenFilesIsThePerProcessLimitTheProgramSees() throws Exception {
        assumeClaimed(LimitKind.MAX_OPEN_FILES);
        List<String> limit = printedLimit(LimitKind.MAX_OPEN_FILES, ResourceLimits.builder().maxOpenFiles(123L).build());
        assertEquals(List.of("123", "123"), limit, "soft and hard open-file limits in the child");
    }

    @Test
    void maxProcessesStopsTheUnitFromStartingMore() throws Exception {
        assumeClaimed(LimitKind.MAX_PROCESSES);
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.startProcesses(8)).capture(out)
                .limits(ResourceLimits.builder().maxProcesses(3).build()).launch();
        exitOf(p);
        await().atMost(Duration.ofSeconds(60)).until(out::isClosed);
        long started = out.lines().stream().filter("+"::equals).count();
        if (started <= 2) {
            return; // the main process and at most two more: enforced
        }
        // Not enforced for this master: only acceptable where the OS exempts it from a per-user
        // mechanism (RLIMIT_NPROC and root) and the adapter says so, and the limit is in place.
        boolean documented = capabilities.notes().stream()
                .anyMatch(n -> n.toLowerCase(Locale.ROOT).contains(LimitKind.MAX_PROCESSES.configKey()));
        if (!documented) {
            fail("max_processes 3 was not enforced: the unit started " + started + " more processes, and the "
                    + "adapter's capability notes do not explain why");
        }
        List<String> limit = printedLimit(LimitKind.MAX_PROCESSES, ResourceLimits.builder().maxProcesses(3).build());
        assertEquals(List.of("3", "3"), limit, "max_processes 3 was not enforced for this (exempt) master ("
                + started + " more processes started) and is not even the limit the program sees");
    }

    @Test
    void memoryEndsOrStarvesAProgramThatAllocatesPastItAndIsExplained() throws Exception {
        assumeClaimed(LimitKind.MEMORY);
        long limit = 64L * 1024 * 1024;
        TckSpec spec = children.spec(commands.allocate(8 * limit)).limits(ResourceLimits.builder().memory(limit).build());
        LaunchedProcess p = spec.launch();
        ExitStatus status = exitOf(p);
        assertFalse(status.success(), "a program allocating past its memory limit completed normally");
        Optional<LimitViolation> violation = provider.limiter().explainExit(p.confinement(), status);
        assertTrue(violation.isPresent(), "the end by the memory limit (" + status + ") is not explained");
        assertEquals(LimitKind.MEMORY, violation.get().kind());
        assertEquals(limit, violation.get().limit());
        assertFalse(violation.get().description().isBlank());
    }

    @Test
    void cpuBoundsTheCpuTimeOfABusyUnit() throws Exception {
        assumeClaimed(LimitKind.CPU);
        double cores = 0.2;
        LaunchedProcess p = children.spec(commands.busyTree()).limits(ResourceLimits.builder().cpu(cores).build()).launch();
        long start = System.nanoTime();
        Duration window = Duration.ofSeconds(2);
        await().atMost(window.plusSeconds(5)).until(() -> System.nanoTime() - start >= window.toNanos());
        ResourceUsage usage = provider.meter().sample(p);
        long elapsed = System.nanoTime() - start;
        assertTrue(usage.cpuTimeNanos() != ResourceUsage.UNKNOWN, "the meter must measure CPU to check a CPU cap");
        assertTrue(usage.cpuTimeNanos() > 0, "the busy unit ran at all: " + usage);
        // A cap of 0.2 cores gives at most 0.2 × elapsed; twice that leaves room for the first period.
        assertTrue(usage.cpuTimeNanos() <= 2 * cores * elapsed,
                "CPU time " + usage.cpuTimeNanos() / 1_000_000 + " ms in " + elapsed / 1_000_000 + " ms with cpu " + cores);
    }

    @Test
    void aConfinementCanBeReleasedTwiceAndBeforeOrAfterTheExit() throws Exception {
        ResourceLimits limits = someClaimedLimit();
        Confinement c = provider.limiter().confine(TckChildren.newUnitName(), limits);
        LaunchedProcess p = children.spec(commands.exit(0)).confinement(c).launch();
        exitOf(p);
        assertDoesNotThrow(() -> provider.limiter().release(c));
        assertDoesNotThrow(() -> provider.limiter().release(c));
        Confinement unused = provider.limiter().confine(TckChildren.newUnitName(), limits);
        assertDoesNotThrow(() -> provider.limiter().release(unused));
    }

    @Test
    void aPlainExitOrKillIsNotExplainedAsALimit() throws Exception {
        ResourceLimits limits = someClaimedLimit();
        LaunchedProcess exited = children.spec(commands.exit(1)).limits(limits).launch();
        ExitStatus status = exitOf(exited);
        assertEquals(Optional.empty(), provider.limiter().explainExit(exited.confinement(), status));

        LaunchedProcess killed = children.spec(commands.sleeper()).limits(limits).launch();
        provider.signaller().killTree(killed);
        ExitStatus killStatus = exitOf(killed);
        assertEquals(Optional.empty(), provider.limiter().explainExit(killed.confinement(), killStatus));
    }

    @Test
    void aForeignConfinementWithoutLimitsIsAccepted() throws Exception {
        LaunchedProcess p = children.spec(commands.exit(0)).confinement(new Foreign("foreign", ResourceLimits.NONE)).launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
    }

    @Test
    void aForeignConfinementWithLimitsIsALaunchExceptionNamingTheUnit() {
        assumeTrue(!capabilities.enforceableLimits().isEmpty(), "the adapter claims no limit");
        Foreign foreign = new Foreign("foreign-unit", someClaimedLimit());
        LaunchException e = assertThrows(LaunchException.class,
                () -> children.spec(commands.exit(0)).unit("foreign-unit").confinement(foreign).launch());
        assertTrue(e.getMessage().contains("foreign-unit"), e.getMessage());
    }

    private record Foreign(String unitId, ResourceLimits limits) implements Confinement {
    }

    /** The limit values the kit uses for each kind: harmless for a program that exits at once. */
    protected static ResourceLimits only(LimitKind kind) {
        ResourceLimits.Builder b = ResourceLimits.builder();
        switch (kind) {
            case CPU -> b.cpu(0.5);
            case CPU_SHARES -> b.cpuShares(50);
            case MEMORY -> b.memory(256L * 1024 * 1024);
            case MEMORY_SWAP -> b.memory(256L * 1024 * 1024).memorySwap(512L * 1024 * 1024);
            case MAX_PROCESSES -> b.maxProcesses(64);
            case MAX_OPEN_FILES -> b.maxOpenFiles(256L);
            case IO_WEIGHT -> b.ioWeight(50);
            case IO_READ_BPS -> b.ioReadBps(50L * 1024 * 1024);
            case IO_WRITE_BPS -> b.ioWriteBps(50L * 1024 * 1024);
        }
        return b.build();
    }

    /** One claimed limit (the first), or none if the adapter claims none. */
    private ResourceLimits someClaimedLimit() {
        return capabilities.enforceableLimits().stream().sorted().findFirst().map(k -> {
            ResourceLimits limits = only(k);
            // memory_swap comes with memory; keep to what is claimed.
            return capabilities.enforceableLimits().containsAll(limits.requested()) ? limits : ResourceLimits.NONE;
        }).orElse(ResourceLimits.NONE);
    }

    private List<String> printedLimit(LimitKind kind, ResourceLimits limits) throws Exception {
        Optional<TckCommand> print = commands.printLimit(kind);
        if (print.isEmpty()) {
            fail("the adapter claims " + kind.configKey() + " but this OS's commands cannot show it");
        }
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(print.get()).capture(out).limits(limits).launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        await().until(out::isClosed);
        return out.lines();
    }
}

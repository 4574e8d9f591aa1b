package dev.hsu.tests.tck;

import dev.hsu.linux.LinuxPlatformProvider;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.ResourceMeter;
import dev.hsu.spi.ResourceUsage;
import dev.hsu.spi.Signal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The Linux adapter behind a wrapper that can tell one lie about it: what a careless adapter might
 * do. With {@link Lie#NONE} the wrapper is honest, which shows that the wrapping itself breaks
 * nothing.
 */
final class LyingProvider implements PlatformProvider {

    enum Lie {
        NONE,
        /** Reports every exit as code 0. */
        HIDES_EXIT_CODES,
        /** Adds a variable of its own to every child's environment. */
        LEAKS_ENVIRONMENT,
        /** killTree ends the main process only. */
        KILLS_ONLY_THE_MAIN_PROCESS,
        /** Claims memory and does not apply it. */
        IGNORES_MEMORY,
        /** Does not claim max_open_files, yet accepts it silently. */
        ACCEPTS_UNCLAIMED_LIMITS
    }

    private static final PlatformProvider REAL = new LinuxPlatformProvider();

    private final Lie lie;

    LyingProvider(Lie lie) {
        this.lie = lie;
    }

    @Override
    public String id() {
        return "lying";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean isAvailable() {
        return REAL.isAvailable();
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return REAL.unavailabilityCause();
    }

    @Override
    public PlatformCapabilities capabilities() {
        PlatformCapabilities real = REAL.capabilities();
        Set<LimitKind> limits = EnumSet.noneOf(LimitKind.class);
        limits.addAll(real.enforceableLimits());
        switch (lie) {
            case IGNORES_MEMORY -> limits.add(LimitKind.MEMORY);
            case ACCEPTS_UNCLAIMED_LIMITS -> limits.remove(LimitKind.MAX_OPEN_FILES);
            default -> {
            }
        }
        return new PlatformCapabilities(limits, real.signals(), real.treeKill(), real.notes());
    }

    @Override
    public ProcessLauncher launcher() {
        return spec -> launch(spec);
    }

    private LaunchedProcess launch(LaunchSpec spec) throws LaunchException {
        Confinement inner = spec.confinement() instanceof Held held ? held.inner() : spec.confinement();
        Map<String, String> env = new LinkedHashMap<>(spec.environment());
        if (lie == Lie.LEAKS_ENVIRONMENT) {
            env.put("HSU_LEAKED", "1");
        }
        LaunchedProcess real = REAL.launcher().launch(new LaunchSpec(spec.unitId(), spec.executable(), spec.args(), env,
                spec.workingDirectory(), spec.stdout(), spec.stderr(), spec.niceness(), inner));
        return new Wrapped(real, spec.confinement(), lie);
    }

    @Override
    public ProcessSignaller signaller() {
        ProcessSignaller real = REAL.signaller();
        return new ProcessSignaller() {
            @Override
            public void signal(LaunchedProcess process, Signal signal) {
                real.signal(unwrap(process), signal);
            }

            @Override
            public void signalTree(LaunchedProcess process, Signal signal) {
                real.signalTree(unwrap(process), signal);
            }

            @Override
            public int killTree(LaunchedProcess process) {
                if (lie == Lie.KILLS_ONLY_THE_MAIN_PROCESS) {
                    real.signal(unwrap(process), Signal.KILL);
                    return 1;
                }
                return real.killTree(unwrap(process));
            }
        };
    }

    @Override
    public ResourceLimiter limiter() {
        ResourceLimiter real = REAL.limiter();
        return new ResourceLimiter() {
            @Override
            public Confinement confine(String unitId, ResourceLimits limits) {
                ResourceLimits applied = lie == Lie.IGNORES_MEMORY ? new ResourceLimits(limits.cpu(), limits.cpuShares(),
                        null, null, limits.maxProcesses(), limits.maxOpenFiles(), limits.ioWeight(), limits.ioReadBps(),
                        limits.ioWriteBps()) : limits;
                return new Held(unitId, limits, real.confine(unitId, applied));
            }

            @Override
            public void release(Confinement confinement) {
                real.release(confinement instanceof Held held ? held.inner() : confinement);
            }

            @Override
            public Optional<LimitViolation> explainExit(Confinement confinement, ExitStatus status) {
                return real.explainExit(confinement instanceof Held held ? held.inner() : confinement, status);
            }
        };
    }

    @Override
    public ResourceMeter meter() {
        ResourceMeter real = REAL.meter();
        return process -> {
            ResourceUsage usage = real.sample(unwrap(process));
            return process.isAlive() ? usage : ResourceUsage.NONE;
        };
    }

    private static LaunchedProcess unwrap(LaunchedProcess process) {
        return process instanceof Wrapped w ? w.real() : process;
    }

    /** A confinement that reports the limits asked for, whatever was applied. */
    private record Held(String unitId, ResourceLimits limits, Confinement inner) implements Confinement {
    }

    private record Wrapped(LaunchedProcess real, Confinement confinement, Lie lie) implements LaunchedProcess {
        @Override
        public long pid() {
            return real.pid();
        }

        @Override
        public Instant startTime() {
            return real.startTime();
        }

        @Override
        public CompletableFuture<ExitStatus> onExit() {
            CompletableFuture<ExitStatus> exit = real.onExit();
            return lie == Lie.HIDES_EXIT_CODES ? exit.thenApply(s -> new ExitStatus.Exited(0)) : exit;
        }
    }
}

package dev.hsu.core.fake;

import dev.hsu.core.Platform;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.ResourceUsage;
import dev.hsu.spi.Signal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A test double of the four ports: launches {@link FakeProcess}es that the test ends by hand,
 * records every call, and can be told to fail launches or to explain kills as OOM.
 */
public final class FakePlatform {
    private final AtomicLong pids = new AtomicLong(1000);
    private final List<FakeProcess> launched = new CopyOnWriteArrayList<>();
    private final List<LaunchSpec> specs = new CopyOnWriteArrayList<>();
    private final Map<String, String> launchErrors = new ConcurrentHashMap<>();
    private final Map<String, FakeProcess.Behavior> behaviors = new ConcurrentHashMap<>();
    private final Set<Confinement> liveConfinements = ConcurrentHashMap.newKeySet();
    private final AtomicInteger confined = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();
    private final Set<String> oomUnits = ConcurrentHashMap.newKeySet();
    private final PlatformCapabilities capabilities;

    public FakePlatform() {
        this(EnumSet.allOf(LimitKind.class));
    }

    public FakePlatform(Set<LimitKind> enforceable) {
        this(enforceable, Set.of());
    }

    /** @param features the launch features it claims (user switching, umask) */
    public FakePlatform(Set<LimitKind> enforceable, Set<dev.hsu.spi.LaunchFeature> features) {
        this.capabilities = new PlatformCapabilities(enforceable, EnumSet.allOf(Signal.class), true,
                List.of("memory_swap: the fake kernel has no swap accounting",
                        "user: the fake master is not root; run it as root"), features);
    }

    public Platform platform() {
        return new Platform("fake", launcher, signaller, limiter, process -> ResourceUsage.NONE, capabilities);
    }

    /** The next launches of {@code unit} throw a LaunchException with {@code message}. */
    public void failLaunches(String unit, String message) {
        launchErrors.put(unit, message);
    }

    public void behavior(String unit, FakeProcess.Behavior behavior) {
        behaviors.put(unit, behavior);
    }

    /** A SIGKILL of {@code unit} is explained as an OOM kill. */
    public void oomKills(String unit) {
        oomUnits.add(unit);
    }

    public List<FakeProcess> launched() {
        return List.copyOf(launched);
    }

    public List<FakeProcess> launched(String unit) {
        return launched.stream().filter(p -> p.spec().unitId().equals(unit)).toList();
    }

    public FakeProcess last(String unit) {
        List<FakeProcess> all = launched(unit);
        if (all.isEmpty()) {
            throw new AssertionError("unit " + unit + " was never launched");
        }
        return all.get(all.size() - 1);
    }

    public List<LaunchSpec> specs() {
        return List.copyOf(specs);
    }

    public int confined() {
        return confined.get();
    }

    public int released() {
        return released.get();
    }

    public Set<Confinement> liveConfinements() {
        return Set.copyOf(liveConfinements);
    }

    public PlatformCapabilities capabilities() {
        return capabilities;
    }

    /** Identity matters: two runs of one unit get two confinements. */
    static final class FakeConfinement implements Confinement {
        private final String unitId;
        private final ResourceLimits limits;

        FakeConfinement(String unitId, ResourceLimits limits) {
            this.unitId = unitId;
            this.limits = limits;
        }

        @Override
        public String unitId() {
            return unitId;
        }

        @Override
        public ResourceLimits limits() {
            return limits;
        }
    }

    private final ProcessLauncher launcher = spec -> {
        specs.add(spec);
        String error = launchErrors.get(spec.unitId());
        if (error != null) {
            throw new LaunchException(error);
        }
        FakeProcess p = new FakeProcess(pids.incrementAndGet(), spec,
                behaviors.getOrDefault(spec.unitId(), FakeProcess.Behavior.DIES_ON_SIGNAL));
        launched.add(p);
        return p;
    };

    private final ProcessSignaller signaller = new ProcessSignaller() {
        @Override
        public void signal(LaunchedProcess process, Signal signal) {
            FakeProcess p = (FakeProcess) process;
            p.signals.add(signal);
            if (p.isAlive()) {
                p.receive(signal);
            }
        }

        @Override
        public void signalTree(LaunchedProcess process, Signal signal) {
            FakeProcess p = (FakeProcess) process;
            p.treeSignals.add(signal);
            if (p.isAlive()) {
                p.receive(signal);
            }
        }

        @Override
        public int killTree(LaunchedProcess process) {
            FakeProcess p = (FakeProcess) process;
            p.killTreeCalls++;
            if (p.isAlive()) {
                p.die(Signal.KILL);
                return 1;
            }
            return 0;
        }
    };

    private final ResourceLimiter limiter = new ResourceLimiter() {
        @Override
        public Confinement confine(String unitId, ResourceLimits limits) {
            confined.incrementAndGet();
            Confinement c = new FakeConfinement(unitId, limits);
            liveConfinements.add(c);
            return c;
        }

        @Override
        public void release(Confinement confinement) {
            released.incrementAndGet();
            liveConfinements.remove(confinement);
        }

        @Override
        public Optional<LimitViolation> explainExit(Confinement confinement, ExitStatus status) {
            if (oomUnits.contains(confinement.unitId()) && status instanceof ExitStatus.Killed k
                    && k.signal() == Signal.KILL) {
                return Optional.of(new LimitViolation(LimitKind.MEMORY, 64L << 20, "OOM (memory limit 64MiB)"));
            }
            return Optional.empty();
        }
    };

    /** For tests that need a custom launcher wrapped around this one. */
    public Platform platform(Function<ProcessLauncher, ProcessLauncher> wrap) {
        return new Platform("fake", wrap.apply(launcher), signaller, limiter, process -> ResourceUsage.NONE,
                capabilities);
    }
}

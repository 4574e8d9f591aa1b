package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.core.Master;
import dev.hsu.core.MasterSettings;
import dev.hsu.core.Platform;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.spi.PlatformProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end tests: a real {@link Master} on the Linux adapter (found through
 * ServiceLoader, as the app finds it), real child processes, and a cleanup that kills every
 * process the test started, by pid and start time, should the master have left one.
 */
abstract class E2eSupport {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    Master master;
    final List<UnitEvent> events = new CopyOnWriteArrayList<>();
    final List<String> console = new CopyOnWriteArrayList<>();
    final ProcFs proc = ProcFs.system();
    private final List<ProcessHandle> started = new CopyOnWriteArrayList<>();

    static PlatformProvider linuxProvider() {
        for (PlatformProvider p : ServiceLoader.load(PlatformProvider.class)) {
            if (p.id().equals("linux")) {
                return p;
            }
        }
        return null;
    }

    @BeforeAll
    static void requireLinux() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"),
                "the Linux adapter's end-to-end tests run on Linux only");
        PlatformProvider provider = linuxProvider();
        assumeTrue(provider != null, "no PlatformProvider with id 'linux' is registered on the class path yet");
        assertTrue(provider.isAvailable(), () -> "the linux provider is not available on this Linux host: "
                + provider.unavailabilityCause().map(Throwable::toString).orElse("no cause given"));
    }

    @BeforeEach
    void startMaster() {
        master = new Master(Platform.of(linuxProvider()),
                new MasterSettings(System.getenv(), dir.resolve("logs"), true,
                        (unit, stream, line) -> console.add(unit + " " + stream + " " + line)));
        master.subscribe(events::add);
        master.subscribe(e -> {
            if (e instanceof UnitEvent.ProcessStarted s) {
                ProcessHandle.of(s.pid()).ifPresent(started::add);
            }
        });
    }

    @AfterEach
    void stopEverything() {
        try {
            master.shutdown().orTimeout(30, TimeUnit.SECONDS).join();
        } finally {
            for (ProcessHandle h : started) {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly(); // checks the start time: never hits a recycled pid
            }
        }
    }

    /** Remembers processes found by a test (descendants) for the cleanup. */
    void track(long pid) {
        ProcessHandle.of(pid).ifPresent(started::add);
    }

    /** A unit running {@code /bin/sh -c script}; never restarts unless changed. */
    static ManagedUnit.Builder sh(String name, String script) {
        return ManagedUnit.builder(name).executable("/bin/sh").args("-c", script)
                .restartPolicy(RestartPolicy.NEVER).gracefulTimeout(Duration.ofSeconds(5));
    }

    UnitStatus status(String name) {
        return master.status(name).orElseThrow();
    }

    /**
     * Waits until the unit is in {@code state} and the event of that change was delivered. A
     * status is published at once, its events a moment later (through the unit's outbox), so
     * reading {@link #events} right after the status alone could miss the last ones; events come
     * in order, so once this one is here all before it are too.
     */
    UnitStatus awaitState(String name, UnitState state) {
        try {
            await().atMost(WAIT).until(() -> status(name).state() == state && lastStateEvent(name) == state);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Say where every unit stood and what it went through, so that a rare failure can be explained.
            StringBuilder why = new StringBuilder("unit " + name + " did not reach " + state + " within " + WAIT);
            for (UnitStatus s : master.statuses()) {
                why.append("\n  ").append(s.name()).append(' ').append(s.state()).append(" (").append(s.reason())
                        .append("), events: ").append(events(s.name(), UnitEvent.StateChanged.class).stream()
                                .map(c -> c.to().name()).toList());
            }
            throw new AssertionError(why.toString(), e);
        }
        return status(name);
    }

    /**
     * Waits until the unit runs a process other than {@code oldPid}, with the events up to its
     * start delivered (see {@link #awaitState}); returns the new pid.
     */
    long awaitReplaced(String name, long oldPid) {
        await().atMost(WAIT).until(() -> {
            UnitStatus s = status(name);
            List<UnitEvent.ProcessStarted> started = events(name, UnitEvent.ProcessStarted.class);
            return s.state() == UnitState.RUNNING && s.pid() != oldPid && lastStateEvent(name) == UnitState.RUNNING
                    && !started.isEmpty() && started.get(started.size() - 1).pid() == s.pid();
        });
        return status(name).pid();
    }

    private UnitState lastStateEvent(String name) {
        List<UnitEvent.StateChanged> changes = events(name, UnitEvent.StateChanged.class);
        return changes.isEmpty() ? null : changes.get(changes.size() - 1).to();
    }

    UnitStatus join(java.util.concurrent.CompletableFuture<UnitStatus> f) {
        return f.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    <T extends UnitEvent> List<T> events(String unit, Class<T> type) {
        return events.stream().filter(e -> e.unit().equals(unit)).filter(type::isInstance).map(type::cast).toList();
    }

    Optional<UnitEvent.ProcessExited> lastExit(String unit) {
        List<UnitEvent.ProcessExited> all = events(unit, UnitEvent.ProcessExited.class);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Shell-quotes a path for a script. */
    static String q(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}

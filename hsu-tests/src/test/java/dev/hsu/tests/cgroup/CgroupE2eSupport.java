package dev.hsu.tests.cgroup;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the cgroup end-to-end tests: a real {@link Master} on the Linux provider found through
 * ServiceLoader (as {@code hsu run} finds it), so units get the cgroups production gives them.
 * After each test every process a test started is killed by pid (should the master have left one);
 * after each class, no unit cgroup may be left below this JVM's HSU directories.
 */
abstract class CgroupE2eSupport {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    static PlatformProvider provider;
    Master master;
    final List<UnitEvent> events = new CopyOnWriteArrayList<>();
    final List<String> console = new CopyOnWriteArrayList<>();
    private final List<ProcessHandle> started = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void linuxProvider() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"), "Linux only");
        for (PlatformProvider p : ServiceLoader.load(PlatformProvider.class)) {
            if (p.id().equals("linux")) {
                provider = p;
            }
        }
        assertTrue(provider != null && provider.isAvailable(), "the linux provider is not available");
        org.awaitility.Awaitility.setDefaultPollDelay(Duration.ZERO);
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
    }

    @BeforeEach
    void startMaster() {
        master = new Master(Platform.of(provider), new MasterSettings(System.getenv(), dir.resolve("logs"), true,
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
                h.destroyForcibly(); // checks the start time: never hits a recycled pid
            }
        }
    }

    /** No unit cgroup is left in this JVM's HSU directories once every master stopped. */
    @AfterAll
    static void noUnitCgroupIsLeft() throws IOException {
        long self = ProcessHandle.current().pid();
        await().atMost(WAIT).until(() -> {
            for (Path parent : HostCgroups.dirsOf(self)) {
                try (var units = Files.list(parent)) {
                    if (units.anyMatch(Files::isDirectory)) {
                        return false;
                    }
                }
            }
            return true;
        });
        assertEquals(List.of(), HostCgroups.ofMastersThatAreGone(), "cgroups of HSU masters that are gone");
    }

    void track(long pid) {
        ProcessHandle.of(pid).ifPresent(started::add);
    }

    void requireLimits(LimitKind... kinds) {
        for (LimitKind k : kinds) {
            assumeTrue(provider.capabilities().enforceableLimits().contains(k), "this host cannot enforce "
                    + k.configKey() + ": " + provider.capabilities().notes());
        }
    }

    void requireTreeKill() {
        assumeTrue(provider.capabilities().treeKill(), "units get no cgroups here: " + provider.capabilities().notes());
    }

    static ManagedUnit.Builder sh(String name, String script) {
        return ManagedUnit.builder(name).executable("/bin/sh").args("-c", script)
                .restartPolicy(RestartPolicy.NEVER).gracefulTimeout(Duration.ofSeconds(5));
    }

    UnitStatus join(CompletableFuture<UnitStatus> f) {
        return f.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    UnitStatus awaitState(String name, UnitState state) {
        await().atMost(WAIT).until(() -> master.status(name).orElseThrow().state() == state);
        return master.status(name).orElseThrow();
    }

    <T extends UnitEvent> List<T> events(String unit, Class<T> type) {
        return events.stream().filter(e -> e.unit().equals(unit)).filter(type::isInstance).map(type::cast).toList();
    }

    List<String> consoleOf(String unit) {
        return console.stream().filter(l -> l.startsWith(unit + " ")).map(l -> l.substring(l.indexOf(' ',
                unit.length() + 1) + 1)).toList();
    }

    /** True if the process exists and is not a zombie. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    static String q(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}

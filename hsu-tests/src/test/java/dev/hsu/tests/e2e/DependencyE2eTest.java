package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.HealthState;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import dev.hsu.core.unit.Dependency;
import dev.hsu.core.unit.HealthCheck;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.validate.InvalidUnitException;
import dev.hsu.core.validate.Problem;
import dev.hsu.core.validate.UnitValidator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** depends_on with real processes: start gating, blocking, errors and stop order. */
class DependencyE2eTest extends E2eSupport {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long nanos(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    @Test
    void aDependentStartsOnlyOnceItsDependencyAcceptsConnections() throws Exception {
        int port = freePort();
        Path listening = dir.resolve("db.listening");
        Path apiStarted = dir.resolve("api.started");
        // The database stand-in opens its port 700 ms after it starts, and notes when.
        String db = "import socket, time\n"
                + "time.sleep(0.7)\n"
                + "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('127.0.0.1', " + port + ")); s.listen(16)\n"
                + "open('" + listening + "', 'w').write(str(time.time_ns()))\n"
                + "while True:\n    c, _ = s.accept(); c.close()\n";
        master.register(ManagedUnit.builder("db").executable("python3").args("-c", db)
                .readinessCheck(HealthCheck.tcp("127.0.0.1", port, Duration.ofMillis(100), Duration.ofMillis(500)))
                .gracefulTimeout(Duration.ofSeconds(5)).build());
        master.register(sh("api", "date +%s%N > " + q(apiStarted) + "; exec sleep 1000")
                .dependsOn("db", Dependency.Condition.HEALTHY).build());

        master.startAll();

        await().atMost(WAIT).until(() -> Files.exists(apiStarted) && Files.size(apiStarted) > 0);
        awaitState("api", UnitState.RUNNING);
        assertTrue(Files.exists(listening), "api started before db listened");
        assertTrue(nanos(apiStarted) > nanos(listening), "api started before db's port accepted connections");
        List<UnitState> apiStates = events("api", UnitEvent.StateChanged.class).stream()
                .map(UnitEvent.StateChanged::to).toList();
        assertEquals(List.of(UnitState.WAITING, UnitState.STARTING, UnitState.RUNNING), apiStates);
        assertEquals("waiting for db (healthy)", events("api", UnitEvent.StateChanged.class).get(0).reason());
        // Before it listens, its checks fail (unhealthy); the first healthy verdict opens the gate.
        UnitEvent.HealthChanged healthy = events("db", UnitEvent.HealthChanged.class).stream()
                .filter(h -> h.to() == HealthState.HEALTHY).findFirst().orElseThrow();
        UnitEvent.ProcessStarted apiLaunch = events("api", UnitEvent.ProcessStarted.class).get(0);
        assertTrue(!apiLaunch.at().isBefore(healthy.at()), "api launched before db was healthy");
    }

    @Test
    void completedConditionStartsTheAppAfterTheMigrationExitsZero() throws Exception {
        Path migrated = dir.resolve("migrated");
        Path appSaw = dir.resolve("app.saw");
        master.register(sh("migrate", "sleep 0.3; echo done > " + q(migrated)).build());
        master.register(sh("app", "cat " + q(migrated) + " > " + q(appSaw) + "; exec sleep 1000")
                .dependsOn("migrate", Dependency.Condition.COMPLETED).build());
        master.startAll();
        awaitState("app", UnitState.RUNNING);
        assertEquals(UnitState.EXITED, status("migrate").state());
        await().atMost(WAIT).until(() -> Files.exists(appSaw) && Files.readString(appSaw).equals("done\n"));
    }

    @Test
    void aFailedMigrationBlocksTheAppWithTheReason() {
        master.register(sh("migrate", "echo 'schema error' >&2; exit 1").build());
        master.register(sh("app", "exec sleep 1000").dependsOn("migrate", Dependency.Condition.COMPLETED).build());
        master.startAll();
        awaitState("app", UnitState.BLOCKED);
        assertEquals("dependency 'migrate' failed: exit code 1; restart policy never does not restart it",
                status("app").reason());
        assertEquals(List.of(), events("app", UnitEvent.ProcessStarted.class));
        assertEquals(UnitState.FAILED, status("migrate").state());
    }

    @Test
    void startingAnAppWhoseMigrationAlreadyFailedBlocksItWithTheReason() {
        // The migration fails before the app is started: the app's start finds it failed at the
        // first look. It used to leave the app REGISTERED, with no event and no reason (a flake
        // run showed it: migrate ran twice, the app never moved).
        master.register(sh("migrate", "exit 1").build());
        master.register(sh("app", "exec sleep 1000").dependsOn("migrate", Dependency.Condition.COMPLETED).autoStart(false)
                .build());
        master.startAll();
        awaitState("migrate", UnitState.FAILED);
        master.start("app");
        awaitState("app", UnitState.BLOCKED);
        assertTrue(status("app").reason().startsWith("dependency 'migrate' failed: exit code 1"), status("app").reason());
        assertEquals(List.of(), events("app", UnitEvent.ProcessStarted.class));
    }

    @Test
    void aDependencyThatNeverBecomesHealthyBlocksAfterItsStartTimeout() throws Exception {
        int closedPort = freePort();
        master.register(sh("db", "exec sleep 1000").startTimeout(Duration.ofSeconds(1))
                .readinessCheck(HealthCheck.tcp("127.0.0.1", closedPort, Duration.ofMillis(100),
                        Duration.ofMillis(200))).build());
        master.register(sh("api", "exec sleep 1000").dependsOn("db", Dependency.Condition.HEALTHY).build());
        long t0 = System.nanoTime();
        master.startAll();
        awaitState("api", UnitState.BLOCKED);
        assertTrue(System.nanoTime() - t0 >= 900_000_000L, "blocked before the start_timeout");
        assertEquals("dependency 'db' did not become healthy within its start_timeout 1s", status("api").reason());
        assertEquals(UnitState.RUNNING, status("db").state());
    }

    @Test
    void cyclesAndUnknownDependenciesAreConfigurationErrors() {
        ManagedUnit a = sh("a", "true").dependsOn("b").build();
        ManagedUnit b = sh("b", "true").dependsOn("c").build();
        ManagedUnit c = sh("c", "true").dependsOn("a", Dependency.Condition.COMPLETED).build();
        ManagedUnit d = sh("d", "true").dependsOn("nope").build();
        List<String> problems = UnitValidator.validateAll(List.of(a, b, c, d), master.platform().capabilities(), true)
                .stream().map(Problem::describe).toList();
        assertEquals(List.of(
                "unit 'd': depends_on[0]: names unit 'nope', which does not exist; known units: a, b, c, d",
                "unit 'a': depends_on: dependency cycle a → b → c → a; remove one of these dependencies"), problems);

        master.register(a);
        master.register(b);
        InvalidUnitException e = assertThrows(InvalidUnitException.class, () -> master.register(c));
        assertTrue(e.getMessage().contains("dependency cycle a → b → c → a"), e.getMessage());
        assertTrue(master.status("c").isEmpty());
    }

    @Test
    void shutdownStopsDependentsBeforeWhatTheyDependOn() throws Exception {
        // web → api → db; each notes when it received SIGTERM, and takes 200 ms to finish.
        for (String name : List.of("db", "api", "web")) {
            Path stopped = dir.resolve(name + ".stopped");
            // The ready file tells that the trap is in place: a SIGTERM before it would end the shell unnoted.
            ManagedUnit.Builder u = sh(name, "trap 'date +%s%N > " + q(stopped) + "; sleep 0.2; exit 0' TERM; "
                    + ": > " + q(dir.resolve(name + ".ready")) + "; while :; do sleep 1 & wait $!; done");
            if (name.equals("api")) {
                u.dependsOn("db");
            } else if (name.equals("web")) {
                u.dependsOn("api");
            }
            master.register(u.build());
        }
        master.startAll();
        await().atMost(WAIT).until(() -> master.statuses().stream().allMatch(s -> s.state() == UnitState.RUNNING)
                && List.of("db", "api", "web").stream().allMatch(n -> Files.exists(dir.resolve(n + ".ready"))));

        master.shutdown().get();

        long web = nanos(dir.resolve("web.stopped"));
        long api = nanos(dir.resolve("api.stopped"));
        long db = nanos(dir.resolve("db.stopped"));
        assertTrue(web < api && api < db, "stop order web " + web + ", api " + api + ", db " + db);
        assertTrue(api - web >= 150_000_000L && db - api >= 150_000_000L,
                "each stop waited for its dependents to end: " + (api - web) + " ns, " + (db - api) + " ns");
    }

    @Test
    void restartDependentsRestartsThemAfterTheDependency() {
        master.register(sh("db", "exec sleep 1000").restartDependents(true).build());
        master.register(sh("api", "exec sleep 1000").dependsOn("db").build());
        master.startAll();
        await().atMost(WAIT).until(() -> master.statuses().stream().allMatch(s -> s.state() == UnitState.RUNNING));
        long apiPid = status("api").pid();
        join(master.restart("db"));
        awaitReplaced("api", apiPid);
        UnitEvent.ProcessStarted dbSecond = events("db", UnitEvent.ProcessStarted.class).get(1);
        UnitEvent.ProcessStarted apiSecond = events("api", UnitEvent.ProcessStarted.class).get(1);
        assertTrue(!apiSecond.at().isBefore(dbSecond.at()), "api restarted before db");
    }

    @Test
    void dependentsAreLeftRunningByDefault() {
        master.register(sh("db", "exec sleep 1000").build());
        master.register(sh("api", "exec sleep 1000").dependsOn("db").build());
        master.startAll();
        await().atMost(WAIT).until(() -> master.statuses().stream().allMatch(s -> s.state() == UnitState.RUNNING));
        long apiPid = status("api").pid();
        long dbPid = status("db").pid();
        join(master.restart("db"));
        await().atMost(WAIT).until(() -> status("db").pid() != dbPid && status("db").state() == UnitState.RUNNING);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> status("api").pid() == apiPid);
        assertEquals(1, events("api", UnitEvent.ProcessStarted.class).size());
    }
}

package dev.hsu.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.fake.FakePlatform;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.core.unit.Secrets;
import dev.hsu.core.unit.UnitIdentity;
import dev.hsu.core.validate.InvalidUnitException;
import dev.hsu.core.validate.Problem;
import dev.hsu.core.validate.UnitValidator;
import dev.hsu.spi.LaunchFeature;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the core does with a unit's account, umask, environment layers and secrets. */
class IdentityAndSecretsTest {
    private static final UnitIdentity PG = new UnitIdentity("postgres", 4242, 4243, List.of(4243, 4244),
            "/var/lib/postgresql", "/bin/bash");
    private static final Set<LaunchFeature> ALL_FEATURES = EnumSet.allOf(LaunchFeature.class);

    @TempDir
    Path logs;

    private FakePlatform fake;
    private Master master;

    private Master master(Set<LaunchFeature> features) {
        fake = new FakePlatform(EnumSet.allOf(LimitKind.class), features);
        Map<String, String> base = new LinkedHashMap<>();
        base.put("PATH", "/usr/bin:/bin");
        base.put("HOME", "/root");
        base.put("USER", "root");
        base.put("LANG", "C.UTF-8");
        master = new Master(fake.platform(), new MasterSettings(base, logs, true, (u, s, l) -> { }), () -> 0.5);
        return master;
    }

    @AfterEach
    void shutdown() {
        if (master != null) {
            master.shutdown().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private LaunchSpec started(ManagedUnit unit) {
        master.register(unit);
        master.start(unit.name()).orTimeout(5, TimeUnit.SECONDS).join();
        return fake.last(unit.name()).spec();
    }

    @Test
    void theAccountVariablesSitBetweenTheMastersEnvironmentAndTheUnits() {
        master(ALL_FEATURES);
        LaunchSpec spec = started(ManagedUnit.builder("db").executable("postgres").identity(PG).umask(027)
                .env("SHELL", "/bin/sh").build());
        Map<String, String> env = spec.environment();
        assertEquals("/var/lib/postgresql", env.get("HOME"), "the account's HOME beats the master's");
        assertEquals("postgres", env.get("USER"));
        assertEquals("postgres", env.get("LOGNAME"));
        assertEquals("/bin/sh", env.get("SHELL"), "the unit's own SHELL beats the account's");
        assertEquals("C.UTF-8", env.get("LANG"), "the master's environment is inherited");
        assertEquals(new ProcessIdentity(4242, 4243, List.of(4243, 4244)), spec.identity());
        assertEquals(027, spec.umask());
    }

    @Test
    void clearEnvironmentKeepsOnlyTheAccountAndTheUnitsVariables() {
        master(ALL_FEATURES);
        LaunchSpec spec = started(ManagedUnit.builder("db").executable("/bin/app").identity(PG)
                .clearEnvironment(true).env("PGDATA", "/srv/pg").build());
        assertEquals(Map.of("HOME", "/var/lib/postgresql", "USER", "postgres", "LOGNAME", "postgres",
                "SHELL", "/bin/bash", "PGDATA", "/srv/pg"), spec.environment());

        LaunchSpec bare = started(ManagedUnit.builder("bare").executable("/bin/app").clearEnvironment(true)
                .env("A", "1").build());
        assertEquals(Map.of("A", "1"), bare.environment());
        assertNull(bare.identity());
        assertNull(bare.umask());
    }

    @Test
    void replicasKeepTheIdentityUmaskAndSecrets() {
        master(ALL_FEATURES);
        Secrets secrets = new Secrets(Set.of("TOKEN"), Set.of("s3cr3t-token"));
        master.register(ManagedUnit.builder("pool").executable("/bin/app").replicas(2).identity(PG).umask(077)
                .clearEnvironment(true).env("TOKEN", "s3cr3t-token").secrets(secrets).build());
        ManagedUnit replica = master.unit("pool-1").orElseThrow();
        assertEquals(PG, replica.identity());
        assertEquals(077, replica.umask());
        assertTrue(replica.clearEnvironment());
        assertEquals(secrets, replica.secrets());
    }

    @Test
    void aPlatformThatCannotSwitchUsersRefusesTheUnitWithItsReason() {
        master(Set.of());
        InvalidUnitException e = assertThrows(InvalidUnitException.class, () -> master.register(
                ManagedUnit.builder("db").executable("/bin/app").identity(PG).umask(022).build()));
        List<Problem> problems = e.problems();
        assertEquals(2, problems.size(), problems::toString);
        assertEquals("user", problems.get(0).field());
        assertEquals("cannot run this unit as postgres (uid 4242, gid 4243, groups 4243,4244): the fake master is "
                + "not root; run it as root", problems.get(0).message());
        assertEquals("umask", problems.get(1).field());
        assertTrue(problems.get(1).message().contains("cannot set a umask"), problems.get(1).message());
    }

    @Test
    void aUmaskOutOfRangeIsAnError() {
        master(ALL_FEATURES);
        List<Problem> problems = UnitValidator.validate(ManagedUnit.builder("x").executable("/bin/app")
                .umask(01000).build(), fake.capabilities(), true);
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("umask", problems.get(0).field());
        assertTrue(problems.get(0).message().contains("from 000 to 777"), problems.get(0).message());
    }

    @Test
    void secretsAreMaskedByNameAndRedactedByValue() {
        Secrets s = new Secrets(Set.of("DB_PASSWORD", "FLAG"), Set.of("hunter2-long", "on"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_PASSWORD", "hunter2-long");
        env.put("FLAG", "on");
        env.put("PORT", "8080");
        assertEquals(List.of("******", "******", "8080"), List.copyOf(s.mask(env).values()));
        assertEquals("cannot enter /srv/******/data; cannot read on", s.redact("cannot enter /srv/hunter2-long/data; "
                + "cannot read on"), "short values are masked by name only, not searched in text");
        assertFalse(s.toString().contains("hunter2"), s.toString());

        ManagedUnit unit = ManagedUnit.builder("web").executable("/bin/app").args("--password=hunter2-long")
                .environment(env).secrets(s).build();
        assertFalse(unit.toString().contains("hunter2"), unit.toString());
        assertTrue(unit.toString().contains("PORT=8080"), unit.toString());
        assertEquals("******", unit.maskedEnvironment().get("DB_PASSWORD"));
    }

    @Test
    void aLaunchErrorNamingASecretIsRedactedInTheStatusAndEvents() {
        master(ALL_FEATURES);
        List<UnitEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        master.subscribe(events::add);
        fake.failLaunches("web", "unit web: working directory /srv/hunter2-long does not exist");
        master.register(ManagedUnit.builder("web").executable("/bin/app").env("P", "hunter2-long")
                .secrets(new Secrets(Set.of("P"), Set.of("hunter2-long"))).build());
        UnitStatus s = master.start("web").orTimeout(5, TimeUnit.SECONDS).join();
        assertEquals(UnitState.FAILED, s.state());
        assertEquals("unit web: working directory /srv/****** does not exist", s.reason());
        assertFalse(s.lastExit().describe().contains("hunter2"), s.lastExit().describe());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                .anyMatch(e -> e instanceof UnitEvent.StateChanged c && c.to() == UnitState.FAILED));
        assertTrue(events.stream().noneMatch(e -> e.toString().contains("hunter2")), events::toString);
    }

    @Test
    void aFileOutputForAnotherUserIsCreatedForThatUserButNothingExistingIsTakenOver() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ownerOf(logs) == 0 && isRoot(), "chown needs root");
        master(ALL_FEATURES);
        Path existing = Files.createDirectories(logs.resolve("existing"));
        Files.writeString(existing.resolve("keep.log"), "old\n");
        started(ManagedUnit.builder("db").executable("/bin/app").identity(PG)
                .stdout(new OutputRedirect.File(Path.of("new/sub/db.log"), true))
                .stderr(new OutputRedirect.File(Path.of("existing/keep.log"), true)).build());

        assertEquals(4242, ownerOf(logs.resolve("new")));
        assertEquals(4242, ownerOf(logs.resolve("new/sub")));
        assertEquals(4242, ownerOf(logs.resolve("new/sub/db.log")));
        assertEquals(4243, (Integer) Files.getAttribute(logs.resolve("new/sub/db.log"), "unix:gid"));
        assertEquals(0, ownerOf(existing), "HSU never chowns what it did not create");
        assertEquals(0, ownerOf(existing.resolve("keep.log")));
        assertEquals(0, ownerOf(logs));
    }

    private static int ownerOf(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:uid");
    }

    private static boolean isRoot() throws Exception {
        return Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.matches("Uid:\\s+\\d+\\s+0\\s+.*"));
    }
}

package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.Secrets;
import dev.hsu.core.unit.UnitIdentity;
import dev.hsu.spi.LaunchFeature;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * user/group/supplementary_groups, umask, env_file, environment and ${...} in a configuration
 * file: what the units get, and every problem located as FILE:LINE:COL.
 */
class IdentityConfigTest {
    static final PlatformCapabilities ROOT = new PlatformCapabilities(EnumSet.allOf(LimitKind.class),
            EnumSet.allOf(Signal.class), true, List.of(), EnumSet.allOf(LaunchFeature.class));
    static final PlatformCapabilities NOT_ROOT = new PlatformCapabilities(EnumSet.allOf(LimitKind.class),
            EnumSet.allOf(Signal.class), true, List.of("user: the master runs as uid 1000, not root, without "
                    + "CAP_SETUID and CAP_SETGID, so it cannot run units as another user; run the master as root"),
            EnumSet.of(LaunchFeature.UMASK));
    static final Map<String, String> MASTER_ENV = Map.of("PATH", "/usr/bin:/bin", "HOME", "/root", "REGION", "eu",
            "LOG_LEVEL", "info");

    @TempDir
    Path dir;

    private ConfigLoader loader(PlatformCapabilities caps) throws Exception {
        Accounts accounts = new Accounts(Files.writeString(dir.resolve("passwd"), AccountsTest.PASSWD),
                Files.writeString(dir.resolve("group"), AccountsTest.GROUP));
        return new ConfigLoader(() -> caps, MASTER_ENV, accounts);
    }

    private LoadedConfig load(String yaml) throws Exception {
        return loader(ROOT).load(Files.writeString(dir.resolve("hsu.yaml"), yaml));
    }

    private List<String> errors(String yaml, PlatformCapabilities caps) throws Exception {
        Path f = Files.writeString(dir.resolve("hsu.yaml"), yaml);
        ConfigLoader l = loader(caps);
        ConfigException e = assertThrows(ConfigException.class, () -> l.load(f));
        return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
    }

    private ManagedUnit unit(LoadedConfig c, String name) {
        return c.units().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void usersAndGroupsResolveByNameOrIdWithInitgroupsByDefault() throws Exception {
        LoadedConfig c = load("""
                units:
                  db:
                    executable: postgres
                    user: postgres
                    umask: "027"
                  web:
                    executable: ./web
                    user: 1000
                    group: ssl-cert
                    supplementary_groups: [audio, 44, 4000]
                    umask: 0022
                  lonely:
                    executable: ./x
                    user: 4242
                    group: 4243
                  none:
                    executable: ./x
                    user: web
                    supplementary_groups: []
                """);
        assertEquals(new UnitIdentity("postgres", 999, 998, List.of(998, 108, 29), "/var/lib/postgresql", "/bin/bash"),
                unit(c, "db").identity());
        assertEquals(027, unit(c, "db").umask());
        assertEquals(new UnitIdentity("web", 1000, 108, List.of(29, 44, 4000), "/srv/web", "/usr/sbin/nologin"),
                unit(c, "web").identity());
        assertEquals(022, unit(c, "web").umask());
        assertEquals(new UnitIdentity("4242", 4242, 4243, List.of(4243), "/", null), unit(c, "lonely").identity(),
                "a numeric id needs no account");
        assertEquals(List.of(), unit(c, "none").identity().supplementaryGroups());
    }

    @Test
    void unknownAccountsAndBadValuesAreLocatedErrorsNamingTheUnitAndField() throws Exception {
        assertEquals(List.of(
                "hsu.yaml:4:11: unit 'a': user: unknown user 'postgress': no such account in " + "passwd"
                        + "; did you mean 'postgres'?",
                "hsu.yaml:7:11: unit 'b': user: user id 4242 has no account in " + "passwd"
                        + ", so its primary group is unknown; add group: (a name or numeric id)",
                "hsu.yaml:11:12: unit 'c': group: unknown group 'wheel': no such group in " + "group"
                        + "; create it (groupadd), fix the name, or give a numeric id",
                "hsu.yaml:15:35: unit 'd': supplementary_groups[1]: unknown group 'nosuch': no such group in "
                        + "group" + "; create it (groupadd), fix the name, or give a numeric id",
                "hsu.yaml:18:12: unit 'e': group: needs user: too; give the user to run as (user: root keeps root's "
                        + "user id)",
                "hsu.yaml:21:12: unit 'f': umask: must be an octal mask from 000 to 777, e.g. \"027\" (files 640, "
                        + "directories 750), got '0999'"),
                errors("""
                units:
                  a:
                    executable: x
                    user: postgress
                  b:
                    executable: x
                    user: 4242
                  c:
                    executable: x
                    user: web
                    group: wheel
                  d:
                    executable: x
                    user: web
                    supplementary_groups: [audio, nosuch]
                  e:
                    executable: x
                    group: audio
                  f:
                    executable: x
                    umask: "0999"
                """, ROOT));
    }

    @Test
    void aMasterThatIsNotRootRefusesAnotherUserAtValidationWithThePlatformsReason() throws Exception {
        assertEquals(List.of("hsu.yaml:4:11: unit 'db': user: cannot run this unit as root (uid 0, gid 0, groups 0): "
                        + "the master runs as uid 1000, not root, without CAP_SETUID and CAP_SETGID, so it cannot run "
                        + "units as another user; run the master as root"),
                errors("""
                        units:
                          db:
                            executable: x
                            user: root
                        """, NOT_ROOT));
    }

    @Test
    void envFilesInOrderThenEnvironmentOnTopWithExpansion() throws Exception {
        Files.writeString(dir.resolve("base.env"), "# shared\nDB_HOST=db.internal\nDB_PASSWORD='s3cr3t pa55'\n"
                + "LOG_LEVEL=debug\nMODE=base\n");
        Files.writeString(dir.resolve("local.env"), "export MODE=local\r\nAPI_TOKEN=\"tok-123\\n\"\r\n");
        LoadedConfig c = load("""
                units:
                  web:
                    executable: ./web
                    user: web
                    env_file:
                      - base.env
                      - local.env
                      - {path: missing.env, required: false}
                    environment:
                      MODE: override
                      DSN: postgres://app:${DB_PASSWORD}@${DB_HOST}/app
                      DATA: ${HOME}/data
                      PATH: /opt/web/bin:${PATH}
                      GREETING: ${UNSET:-hello} $$5 in ${REGION}
                    args: ["--dsn=${DSN}", "--level", "${LOG_LEVEL}", "$HOME stays"]
                    working_directory: ${HOME}/${MODE:-x}
                """);
        ManagedUnit web = unit(c, "web");
        Map<String, String> env = web.environment();
        assertEquals(List.of("DB_HOST", "DB_PASSWORD", "LOG_LEVEL", "MODE", "API_TOKEN", "DSN", "DATA", "PATH",
                "GREETING"), List.copyOf(env.keySet()));
        assertEquals("db.internal", env.get("DB_HOST"));
        assertEquals("s3cr3t pa55", env.get("DB_PASSWORD"));
        assertEquals("debug", env.get("LOG_LEVEL"), "an env file beats the master's environment");
        assertEquals("override", env.get("MODE"), "environment beats the env files; the later file beat the earlier");
        assertEquals("tok-123\n", env.get("API_TOKEN"));
        assertEquals("postgres://app:s3cr3t pa55@db.internal/app", env.get("DSN"));
        assertEquals("/srv/web/data", env.get("DATA"), "${HOME} is the unit user's home");
        assertEquals("/opt/web/bin:/usr/bin:/bin", env.get("PATH"));
        assertEquals("hello $5 in eu", env.get("GREETING"));
        assertEquals(List.of("--dsn=postgres://app:s3cr3t pa55@db.internal/app", "--level", "debug", "$HOME stays"),
                web.args());
        assertEquals(Path.of("/srv/web/override"), web.workingDirectory());

        Secrets s = web.secrets();
        assertEquals(Set.of("DB_HOST", "DB_PASSWORD", "LOG_LEVEL", "API_TOKEN", "DSN"), s.keys(),
                "env file variables and what uses them; MODE was set literally over its env file value");
        assertTrue(s.values().containsAll(Set.of("s3cr3t pa55", "tok-123\n", "local", "base")));
        assertEquals(Secrets.MASK, web.maskedEnvironment().get("DB_PASSWORD"));
        assertEquals("/srv/web/data", web.maskedEnvironment().get("DATA"));
        assertFalse(web.toString().contains("s3cr3t"), web.toString());
    }

    @Test
    void clearEnvironmentIsMapped() throws Exception {
        LoadedConfig c = load("""
                units:
                  a: {executable: x, clear_environment: true}
                  b: {executable: x}
                """);
        assertTrue(unit(c, "a").clearEnvironment());
        assertFalse(unit(c, "b").clearEnvironment());
        assertNull(unit(c, "b").identity());
        assertEquals(Secrets.NONE, unit(c, "b").secrets());
    }

    @Test
    void envFileAndExpansionProblemsAreLocatedAndNeverShowASecret() throws Exception {
        Files.writeString(dir.resolve("bad.env"), "OK=1\nTOPSECRETVALUE\n");
        assertEquals(List.of(
                "hsu.yaml:5:9: unit 'a': env_file[0]: env file bad.env:2: the line has no '='; "
                        + "every line must be KEY=VALUE, a comment starting with #, or blank",
                "hsu.yaml:6:9: unit 'a': env_file[1]: env file gone.env does not exist; create "
                        + "it, fix the path, or mark it optional: - {path: gone.env, required: false}",
                "hsu.yaml:8:10: unit 'a': environment.X: variable NOPE is not set (neither in the master's environment "
                        + "nor in the unit's); set it, give a default as ${NOPE:-default}, or write $$ for a literal $",
                "hsu.yaml:9:16: unit 'a': args[1]: '${' at column 1 is never closed with '}'; write $$ for a literal $",
                "hsu.yaml:10:24: unit 'a': working_directory: variable WHERE is not set (neither in the master's "
                        + "environment nor in the unit's); set it, give a default as ${WHERE:-default}, or write $$ "
                        + "for a literal $"),
                errors("""
                units:
                  a:
                    executable: x
                    env_file:
                      - bad.env
                      - gone.env
                    environment:
                      X: ${NOPE}
                    args: [ok, "${broken"]
                    working_directory: ${WHERE}
                """, ROOT));
        Files.writeString(dir.resolve("one.env"), "A=\"unclosed\n");
        List<String> single = errors("""
                units:
                  a: {executable: x, env_file: one.env}
                """, ROOT);
        assertEquals(List.of("hsu.yaml:2:32: unit 'a': env_file: env file one.env:1: the "
                + "value of A opens a double quote that is never closed"), single);
    }
}

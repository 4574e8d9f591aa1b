package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Account lookups on fixture passwd and group files. */
class AccountsTest {
    static final String PASSWD = """
            root:x:0:0:root:/root:/bin/bash
            # a comment
            postgres:x:999:998:PostgreSQL:/var/lib/postgresql:/bin/bash
            +nis-compat::::::
            nohome:x:1500:1500:::
            malformed line without fields
            web:x:1000:1000:Web:/srv/web:/usr/sbin/nologin
            """;
    static final String GROUP = """
            root:x:0:
            ssl-cert:x:108:postgres
            postgres:x:998:
            audio:x:29:web, postgres
            web:x:1000:
            nogid:x:notanumber:postgres
            video:x:44:web
            """;

    @TempDir
    Path dir;

    Accounts accounts() throws Exception {
        return new Accounts(Files.writeString(dir.resolve("passwd"), PASSWD),
                Files.writeString(dir.resolve("group"), GROUP));
    }

    @Test
    void usersByNameOrId() throws Exception {
        Accounts a = accounts();
        assertEquals(new Accounts.User("postgres", 999, 998, "/var/lib/postgresql", "/bin/bash"),
                a.user("postgres").orElseThrow());
        assertEquals("web", a.user("1000").orElseThrow().name());
        assertTrue(a.user("nobody-here").isEmpty());
        assertTrue(a.user("4242").isEmpty());
        assertEquals(new Accounts.User("nohome", 1500, 1500, "/", "/bin/sh"), a.user("nohome").orElseThrow(),
                "an empty home is /, an empty shell /bin/sh, as login(1) does");
        assertEquals(List.of("root", "postgres", "nohome", "web"), a.userNames());
    }

    @Test
    void groupsByNameOrIdAndInitgroups() throws Exception {
        Accounts a = accounts();
        assertEquals(108, a.group("ssl-cert").orElseThrow().gid());
        assertEquals("audio", a.group("29").orElseThrow().name());
        assertEquals(List.of(998, 108, 29), a.initgroups("postgres", 998));
        assertEquals(List.of(1000, 29, 44), a.initgroups("web", 1000));
        assertEquals(List.of(29, 44), a.initgroups("web", 29), "the primary group once, first");
        assertEquals(List.of(5), a.initgroups("stranger", 5));
    }

    @Test
    void numbersAreNonNegativeIdsThatFitUidT() {
        assertEquals(0, Accounts.number("0"));
        assertEquals(65534, Accounts.number("65534"));
        assertNull(Accounts.number("-1"));
        assertNull(Accounts.number("4294967295"), "(uid_t) -1 is never an id");
        assertNull(Accounts.number("12a"));
        assertNull(Accounts.number(""));
    }

    @Test
    void missingFilesKnowNoNames() throws Exception {
        Accounts none = new Accounts(dir.resolve("no-passwd"), dir.resolve("no-group"));
        assertTrue(none.user("root").isEmpty());
        assertTrue(none.group("root").isEmpty());
    }
}

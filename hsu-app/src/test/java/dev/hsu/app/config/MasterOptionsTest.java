package dev.hsu.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code master.control_tcp} and {@code master.on_crash}. */
class MasterOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aPortAloneListensOnLoopbackAndTheTokenFileIsResolvedAgainstTheFile() throws Exception {
        Files.writeString(dir.resolve("token"), "0123456789abcdef0123");
        LoadedConfig c = new ConfigFixture(dir).load("""
                master:
                  control_tcp: {listen: "7070", token_file: token}
                units: {}
                """);
        ControlTcpConfig tcp = c.master().controlTcp();
        assertEquals("127.0.0.1", tcp.address().getAddress().getHostAddress());
        assertEquals(7070, tcp.address().getPort());
        assertTrue(tcp.loopback());
        assertEquals(dir.resolve("token"), tcp.tokenFile());
        assertFalse(c.master().keepUnitsOnCrash());
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    }

    @Test
    void aNonLoopbackAddressIsAWarningAndKeepUnitsIsRead() throws Exception {
        Files.writeString(dir.resolve("token"), "0123456789abcdef0123");
        LoadedConfig c = new ConfigFixture(dir).load("""
                master:
                  control_tcp: {listen: "0.0.0.0:7070", token_file: token}
                  on_crash: keep-units
                units: {}
                """);
        assertFalse(c.master().controlTcp().loopback());
        assertTrue(c.master().keepUnitsOnCrash());
        assertEquals(1, c.warnings().size(), c.warnings().toString());
        assertTrue(c.warnings().get(0).toString().contains("master.control_tcp.listen: listens beyond this machine"),
                c.warnings().toString());
    }

    @Test
    void aMissingTokenFileABadPortAndAnUnknownOnCrashAreErrors() throws Exception {
        List<String> errors = new ConfigFixture(dir).errors("""
                master:
                  control_tcp: {listen: "127.0.0.1:99999"}
                  on_crash: sometimes
                units: {}
                """);
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("master.control_tcp.token_file: is missing: the TCP listener requires a bearer "
                + "token"), errors.toString());
        assertTrue(errors.get(1).contains("master.control_tcp.listen: '127.0.0.1:99999' has no valid port"), errors.toString());
        assertTrue(errors.get(2).contains("master.on_crash: must be kill-units"), errors.toString());
        List<String> noFile = new ConfigFixture(dir).errors("""
                master:
                  control_tcp: {listen: "127.0.0.1:7070", token_file: nowhere}
                units: {}
                """);
        assertTrue(noFile.get(0).contains("token_file: no such file: nowhere"), noFile.toString());
    }

    @Test
    void withoutTheSectionThereIsNoListener() throws Exception {
        assertNull(new ConfigFixture(dir).load("units: {}\n").master().controlTcp());
    }
}

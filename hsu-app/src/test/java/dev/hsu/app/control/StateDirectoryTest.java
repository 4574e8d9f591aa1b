package dev.hsu.app.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void theOptionWinsOverEverything() {
        assertEquals(Path.of("/opt/x"), StateDirectory.resolve(Path.of("/opt/x"),
                Map.of("HSU_STATE_DIR", "/env", "XDG_RUNTIME_DIR", "/run/user/1000"), 1000).path());
    }

    @Test
    void thenTheEnvironmentVariable() {
        assertEquals(Path.of("/env"), StateDirectory.resolve(null,
                Map.of("HSU_STATE_DIR", "/env", "XDG_RUNTIME_DIR", "/run/user/1000"), 1000).path());
    }

    @Test
    void thenTheXdgRuntimeDirectory() {
        assertEquals(Path.of("/run/user/1000/hsu"), StateDirectory.resolve(null,
                Map.of("HSU_STATE_DIR", " ", "XDG_RUNTIME_DIR", "/run/user/1000"), 1000).path());
    }

    @Test
    void thenRunHsuForRoot() {
        assertEquals(Path.of("/run/hsu"), StateDirectory.resolve(null, Map.of(), 0).path());
    }

    @Test
    void elseATmpDirectoryPerUid() {
        assertEquals(Path.of("/tmp/hsu-1000"), StateDirectory.resolve(null, Map.of(), 1000).path());
    }

    @Test
    void aRelativeOptionBecomesAbsolute() {
        StateDirectory d = StateDirectory.resolve(Path.of("rel/state"), Map.of(), 1000);
        assertTrue(d.path().isAbsolute());
        assertEquals(d.path().resolve("hsu.sock"), d.socketFile());
        assertEquals(d.path().resolve("hsu.pid"), d.pidFile());
    }

    @Test
    void ensureExistsCreatesParentsAndAn0700Directory() throws IOException {
        StateDirectory d = new StateDirectory(tmp.resolve("a/b/state"));
        d.ensureExists();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.path())));
        d.ensureExists();
    }

    @Test
    void aFileInThePlaceOfTheDirectoryIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("state"), "x");
        IOException e = assertThrows(IOException.class, () -> new StateDirectory(file).ensureExists());
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    @Test
    void aSymlinkInThePlaceOfTheDirectoryIsRefused() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("state"), target);
        IOException e = assertThrows(IOException.class, () -> new StateDirectory(link).ensureExists());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }
}

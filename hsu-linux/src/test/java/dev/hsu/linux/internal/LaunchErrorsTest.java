package dev.hsu.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cannot start is a LaunchException naming the unit, the path and the fix; nothing is spawned. */
class LaunchErrorsTest {

    private final Children children = new Children();

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    private String failure(Specs spec) {
        return assertThrows(LaunchException.class, () -> children.launch(spec.unit("web").build())).getMessage();
    }

    @Test
    void aMissingExecutablePathIsNamed() {
        String m = failure(Specs.run(tmp.resolve("nope/run").toString()));
        assertTrue(m.startsWith("unit web: executable " + tmp.resolve("nope/run") + " does not exist"), m);
    }

    @Test
    void aRelativeExecutableIsLookedForInTheWorkingDirectoryAndTheMessageSaysSo() {
        String m = failure(Specs.run("./run.sh").cwd(tmp));
        assertTrue(m.contains(tmp.resolve("run.sh").toString()) && m.contains("resolved against the working directory "
                + tmp), m);
    }

    @Test
    void aFileWithoutExecutePermissionIsNamedWithItsModeAndTheFix() throws Exception {
        Path script = tmp.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        String m = failure(Specs.run(script.toString()));
        assertEquals("unit web: executable " + script + " is not executable (mode 0644); chmod +x " + script, m);
    }

    @Test
    void aDirectoryIsNotAnExecutable() {
        String m = failure(Specs.run(tmp.toString() + "/"));
        assertTrue(m.contains("is not a regular file (a directory)"), m);
    }

    @Test
    void aMissingWorkingDirectoryIsNamed() {
        Path missing = tmp.resolve("gone");
        String m = failure(Specs.run("/bin/true").cwd(missing));
        assertEquals("unit web: working directory " + missing
                + " does not exist; create it or fix the unit's working directory", m);
    }

    @Test
    void aWorkingDirectoryThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        String m = failure(Specs.run("/bin/true").cwd(file));
        assertTrue(m.contains("working directory " + file + " is not a directory"), m);
    }

    @Test
    void anExecutableNotInTheUnitsPathNamesThePathSearched() {
        String m = failure(Specs.run("hsu-no-such-program").env(Map.of("PATH", "/opt/a:/opt/b")));
        assertTrue(m.contains("executable 'hsu-no-such-program' not found in PATH /opt/a:/opt/b (from the unit's "
                + "environment)"), m);
    }

    @Test
    void theUnitsOwnPathIsSearchedNotTheMasters() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("private-bin"));
        Path tool = bin.resolve("hsu-private-tool");
        Files.writeString(tool, "#!/bin/sh\necho private \"$@\"\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(!System.getenv().getOrDefault("PATH", "").contains(bin.toString()));

        CollectingSink out = new CollectingSink();
        LaunchedProcess p = children.launch(Specs.run("hsu-private-tool", "ok")
                .env(Map.of("PATH", bin + ":/usr/bin:/bin")).stdout(new OutputTarget.Capture(out)).build());
        assertEquals(new ExitStatus.Exited(0), p.onExit().get(10, TimeUnit.SECONDS));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(out::isClosed);
        assertEquals("private ok\n", out.text());

        // ... and a program only the master's PATH has is not found for the unit.
        String m = failure(Specs.run("sleep").env(Map.of("PATH", bin.toString())));
        assertTrue(m.contains("'sleep' not found in PATH " + bin), m);
    }

    @Test
    void aNonExecutableMatchInPathIsReportedRatherThanNotFound() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\n");
        String m = failure(Specs.run("tool").env(Map.of("PATH", bin.toString())));
        assertTrue(m.contains("executable " + tool + " is not executable (mode 0644); chmod +x " + tool), m);
    }

    @Test
    void aScriptWithoutInterpreterLineIsAnExecFormatError() throws Exception {
        Path script = tmp.resolve("no-shebang");
        Files.write(script, new byte[] {0x7f, 'X', 'Y', 'Z', 0, 0, 0});
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String m = failure(Specs.run(script.toString()));
        assertTrue(m.contains("cannot start " + script) && m.contains("ENOEXEC"), m);
    }

    @Test
    void aNulInAnArgumentIsRefused() {
        String m = failure(Specs.run("/bin/echo", "a\0b"));
        assertTrue(m.contains("argument 1 contains a NUL character"), m);
    }

    @Test
    void anOutputFileThatIsADirectoryIsNamed() {
        String m = failure(Specs.run("/bin/true").stdout(new OutputTarget.ToFile(tmp, true)));
        assertTrue(m.contains("stdout file " + tmp + " is a directory"), m);
    }
}

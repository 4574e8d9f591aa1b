package dev.hsu.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.ExitCause;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What reaches the child, and launch errors. */
class LaunchE2eTest extends E2eSupport {

    @Test
    void argsEnvironmentAndDirectoryReachTheChildByteForByte() throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("wörk dir 'x'"));
        Path out = dir.resolve("out");
        List<String> args = List.of("a b", "'single'", "\"double\"", "ünï 日本 🎉", "$HOME", "", "back\\slash",
                "new\nline", "*");
        String value = " spaced 'q' \"dq\" ünï $PATH ";
        String script = "printf '%s\\0' \"$@\" > " + q(out.resolve("args")) + "; pwd -P > " + q(out.resolve("cwd"))
                + "; printf '%s' \"$HSU_VALUE\" > " + q(out.resolve("env")) + "; printf '%s' \"$PATH\" > "
                + q(out.resolve("path"));
        Files.createDirectories(out);
        List<String> argv = new java.util.ArrayList<>(List.of("-c", script, "sh"));
        argv.addAll(args);
        master.register(sh("echo", script).args(argv).env("HSU_VALUE", value).workingDirectory(cwd).build());

        join(master.start("echo"));
        awaitState("echo", UnitState.EXITED);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (String a : args) {
            expected.write(a.getBytes(StandardCharsets.UTF_8));
            expected.write(0);
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out.resolve("args")));
        assertEquals(cwd.toRealPath().toString(), Files.readString(out.resolve("cwd"), StandardCharsets.UTF_8).trim());
        assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out.resolve("env")));
        assertEquals(System.getenv("PATH"), Files.readString(out.resolve("path")), "PATH comes from the master");
    }

    @Test
    void consoleOutputArrivesAsLines() {
        master.register(sh("talk", "echo out1; echo err1 >&2; printf 'tail'").build());
        join(master.start("talk"));
        awaitState("talk", UnitState.EXITED);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> console.containsAll(
                List.of("talk STDOUT out1", "talk STDERR err1", "talk STDOUT tail")));
    }

    @Test
    void aMissingExecutableFailsThatUnitOnly() {
        master.register(sh("steady", "exec sleep 1000").build());
        long steadyPid = join(master.start("steady")).pid();
        master.register(sh("ghost", "").executable("/nonexistent/hsu-e2e/prog").args(List.of()).build());

        UnitStatus s = join(master.start("ghost"));

        assertFailedNaming(s, "/nonexistent/hsu-e2e/prog");
        assertEquals(UnitState.RUNNING, status("steady").state());
        assertEquals(steadyPid, status("steady").pid());
        assertTrue(proc.running(steadyPid));
    }

    @Test
    void aNonExecutableFileFailsWithItsPath() throws Exception {
        Path file = dir.resolve("not-executable.sh");
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        master.register(sh("noexec", "").executable(file.toString()).args(List.of()).build());
        assertFailedNaming(join(master.start("noexec")), file.toString());
    }

    @Test
    void aMissingWorkingDirectoryFailsWithItsPath() {
        Path missing = dir.resolve("no/such/dir");
        master.register(sh("nowhere", "exit 0").workingDirectory(missing).build());
        assertFailedNaming(join(master.start("nowhere")), missing.toString());
    }

    private void assertFailedNaming(UnitStatus s, String path) {
        assertEquals(UnitState.FAILED, s.state());
        assertTrue(s.reason().contains(path), "the reason names " + path + ": " + s.reason());
        assertTrue(assertInstanceOf(ExitCause.LaunchFailed.class, s.lastExit()).message().contains(path));
    }
}

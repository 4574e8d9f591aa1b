package dev.hsu.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.app.platform.PlatformSelectionException;
import dev.hsu.spi.LimitKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(PlatformSource platforms, String... args) {
        CommandLine cl = Cli.commandLine(platforms);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void theQuickstartExampleIsValid() {
        Path example = Path.of("../examples/quickstart.yaml");
        int code = run(() -> new CapsProvider(EnumSet.allOf(LimitKind.class)), "validate", example.toString());
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().startsWith(example + ": 3 units OK\nplatform testos:\n"), out.toString());
        assertTrue(out.toString().contains("  limits enforced:     cpu, cpu_shares, memory"), out.toString());
    }

    @Test
    void anInvalidFilePrintsEveryProblemAndExits2() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                units:
                  web:
                    executable: ./server
                    resources:
                      memory: lots
                  job:
                    restart: {policy: sometimes}
                """);
        int code = run(() -> new CapsProvider(EnumSet.allOf(LimitKind.class)), "validate", file.toString());
        assertEquals(ExitCodes.INVALID, code);
        assertEquals("", out.toString());
        String[] lines = err.toString().split("\n");
        assertEquals(4, lines.length, err.toString());
        assertTrue(lines[0].startsWith(file + ":5:15: unit 'web': resources.memory: 'lots' is not a size"), lines[0]);
        assertEquals(file + ":6:3: unit 'job': executable: is required: the program to run, "
                + "e.g. executable: /usr/bin/python3", lines[1]);
        assertTrue(lines[2].startsWith(file + ":7:23: unit 'job': restart.policy: must be one of never"), lines[2]);
        assertEquals(file + ": 3 errors; nothing was started", lines[3]);
    }

    @Test
    void anUnenforceableLimitIsAnErrorUnlessLenientThenAWarning() throws Exception {
        String units = """
                units:
                  web:
                    executable: ./server
                    resources:
                      memory: 64MiB
                """;
        Path strict = Files.writeString(dir.resolve("strict.yaml"), units);
        PlatformSource noMemory = () -> new CapsProvider(EnumSet.of(LimitKind.CPU), "memory: no memory controller");
        assertEquals(ExitCodes.INVALID, run(noMemory, "validate", strict.toString()));
        assertTrue(err.toString().contains(strict + ":5:15: unit 'web': resources.memory: this platform cannot enforce "
                + "it (no memory controller)"), err.toString());

        Path lenient = Files.writeString(dir.resolve("lenient.yaml"), "master: {strict_limits: false}\n" + units);
        err.getBuffer().setLength(0);
        assertEquals(ExitCodes.OK, run(noMemory, "validate", lenient.toString()));
        assertTrue(err.toString().contains(lenient + ":6:15: warning: unit 'web': resources.memory:"), err.toString());
        assertTrue(out.toString().startsWith(lenient + ": 1 unit OK (1 warning)\n"), out.toString());
        assertTrue(out.toString().contains("  limits not enforced: cpu_shares, memory,"), out.toString());
    }

    @Test
    void noPlatformExits3WithTheSelectorsExplanation() {
        int code = run(() -> {
            throw new PlatformSelectionException("No platform adapter can run on this host.\n  - linux: no cgroup");
        }, "validate", "whatever.yaml");
        assertEquals(ExitCodes.NO_PLATFORM, code);
        assertEquals("hsu: No platform adapter can run on this host.\n  - linux: no cgroup\n", err.toString());
    }

    @Test
    void helpDocumentsTheExitCodes() {
        assertEquals(0, run(() -> null, "--help"));
        String help = out.toString();
        assertTrue(help.contains("Exit codes:"), help);
        assertTrue(help.contains("130   run was stopped forcibly by a second SIGINT"), help);
        assertTrue(help.contains("run") && help.contains("validate") && help.contains("version"), help);
    }

    @Test
    void versionPrintsTheProductVersion() {
        assertEquals(0, run(() -> null, "version"));
        assertTrue(out.toString().matches("hsu \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java \\d+, .*\\)\n"), out.toString());
    }

    @Test
    void aMissingArgumentIsAUsageErrorWithCode2() {
        assertEquals(ExitCodes.INVALID, run(() -> null, "validate"), err.toString());
        assertTrue(err.toString().contains("Missing required parameter: 'FILE'"), err.toString());
    }
}

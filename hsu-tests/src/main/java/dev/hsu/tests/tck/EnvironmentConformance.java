package dev.hsu.tests.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the child gets: exactly its arguments, exactly its environment (nothing of the master's),
 * its working directory, and the executable found where the unit's own PATH says.
 */
public abstract class EnvironmentConformance extends ConformanceBase {

    /** Arguments that break naive quoting on every OS. */
    protected static final List<String> AWKWARD_ARGUMENTS = List.of("plain", "two words", "", " ",
            "double \" quote", "single ' quote", "back\\slash", "trailing backslash\\", "\\\\server\\share\\",
            "\\\"escaped\\\"", "\"", "\\", "$HOME and `x` and $(x)", "%PATH% and !x!", "*", "a&b|c<d>e^f",
            "ünïcödé ✓ 日本", "tab\tinside", "-c", "--", "=");

    private String run(TckSpec spec) throws Exception {
        TckSink out = new TckSink();
        LaunchedProcess p = spec.capture(out).launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        await().until(out::isClosed);
        return out.text();
    }

    @Test
    void passesEveryArgumentExactly() throws Exception {
        String out = run(children.spec(commands.printArgs(AWKWARD_ARGUMENTS)));
        List<String> received = new ArrayList<>(Arrays.asList(out.split("\0", -1)));
        assertEquals("", received.remove(received.size() - 1), "output ends with a NUL");
        assertEquals(AWKWARD_ARGUMENTS, received);
    }

    @Test
    void passesNoArgumentsWhenGivenNone() throws Exception {
        assertEquals("", run(children.spec(commands.printArgs(List.of()))));
    }

    @Test
    void theEnvironmentIsExactlyTheUnitsOwn() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(commands.baseEnvironment());
        env.put("HSU_TCK_SPACED", "a b  c");
        env.put("HSU_TCK_QUOTED", "\"'$x\\%y%");
        env.put("HSU_TCK_UNICODE", "żółw 🐢");
        env.put("HSU_TCK_EQUALS", "a=b=c");
        env.put("HSU_TCK_EMPTY", "");
        String masterOnly = System.getenv().keySet().stream()
                .filter(k -> env.keySet().stream().noneMatch(k::equalsIgnoreCase))
                .filter(k -> !commands.environmentNoise().contains(k))
                .findFirst().orElseThrow(() -> new AssertionError("the master has no variable of its own to check"));

        Map<String, String> received = parseEnvironment(run(children.spec(commands.printEnvironment()).env(env)));
        commands.environmentNoise().forEach(received::remove);
        assertEquals(new TreeMap<>(env), new TreeMap<>(received));
        assertFalse(received.containsKey(masterOnly), "the master's " + masterOnly + " leaked into the child");
    }

    @Test
    void theWorkingDirectoryIsTheUnitsEvenWithSpacesAndUnicode(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("work dir ü ✓"));
        assertEquals(dir.toRealPath().toString(), run(children.spec(commands.printWorkingDirectory()).cwd(dir)).trim());
    }

    @Test
    void noWorkingDirectoryMeansTheMastersOne() throws Exception {
        assertEquals(Path.of("").toAbsolutePath().toRealPath().toString(),
                run(children.spec(commands.printWorkingDirectory())).trim());
    }

    @Test
    void anExecutableWhosePathHasSpacesRuns(@TempDir Path tmp) throws Exception {
        TckCommand echo = commands.installEcho(tmp.resolve("dir with spaces"), "echo program");
        assertEquals("hello world\n", run(children.spec(echo.plus(List.of("hello", "world")))));
    }

    @Test
    void aBareNameIsSearchedInTheUnitsPathNotTheMasters(@TempDir Path tmp) throws Exception {
        Path bin = tmp.resolve("private bin");
        TckCommand echo = commands.installEcho(bin, "hsu-tck-echo");
        String pathName = commands.baseEnvironment().keySet().stream().filter(k -> k.equalsIgnoreCase("PATH"))
                .findFirst().orElse("PATH");
        String separator = System.getProperty("path.separator");
        String path = bin + separator + commands.baseEnvironment().getOrDefault(pathName, "");
        TckSpec spec = children.spec(echo.plus(List.of("found"))).executable("hsu-tck-echo").env(pathName, path);
        assertEquals("found\n", run(spec));
    }

    @Test
    void aRelativeExecutableIsResolvedAgainstTheWorkingDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("app");
        TckCommand echo = commands.installEcho(dir, "relative-echo");
        TckSpec spec = children.spec(echo.plus(List.of("relative")))
                .executable(commands.relativeExecutable("relative-echo")).cwd(dir);
        assertEquals("relative\n", run(spec));
    }

    @Test
    void argumentsWithNonAsciiTextSurviveAsUtf8() throws Exception {
        String out = run(children.spec(commands.printArgs(List.of("日本語", "emoji 🐢"))));
        assertTrue(Arrays.equals("日本語\0emoji 🐢\0".getBytes(StandardCharsets.UTF_8),
                out.getBytes(StandardCharsets.UTF_8)), out);
    }

    private static Map<String, String> parseEnvironment(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            // A leading '=' belongs to the name on Windows (=C:=C:\dir); the first '=' after it splits.
            int eq = line.indexOf('=', 1);
            env.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
        }
        return env;
    }
}

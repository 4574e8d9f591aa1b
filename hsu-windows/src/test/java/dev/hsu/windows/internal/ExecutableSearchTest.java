package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.LaunchException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Windows search rules on a fake file system (paths are Windows strings, case-insensitive). */
class ExecutableSearchTest {
    private final Set<String> files = new HashSet<>();
    private final Set<String> dirs = new HashSet<>();
    private final ExecutableSearch.Probe probe = new ExecutableSearch.Probe() {
        @Override
        public boolean isFile(String path) {
            return files.contains(normal(path));
        }

        @Override
        public boolean isDirectory(String path) {
            return dirs.contains(normal(path));
        }
    };

    private void file(String path) {
        files.add(normal(path));
    }

    /** As Windows sees a path: case-insensitive, either slash, "." segments dropped. */
    private static String normal(String path) {
        return path.replace('/', '\\').replace("\\.\\", "\\").toLowerCase(Locale.ROOT);
    }

    private ExecutableSearch.Found resolve(String exe, Map<String, String> env) throws LaunchException {
        return ExecutableSearch.resolve("u", exe, env, "C:\\work", probe);
    }

    @Test
    void aBareNameIsSearchedInTheUnitsPathWithPathext() throws Exception {
        file("C:\\tools\\python.exe");
        file("C:\\other\\python.exe");
        var found = resolve("python", Map.of("Path", "C:\\missing;\"C:\\tools\";C:\\other"));
        assertEquals("C:\\tools\\python.exe", found.path());
        assertEquals(false, found.batch());
    }

    @Test
    void theFirstPathextExtensionWinsInADirectory() throws Exception {
        file("C:\\bin\\run.cmd");
        file("C:\\bin\\run.exe");
        assertEquals("C:\\bin\\run.exe", resolve("run", Map.of("PATH", "C:\\bin", "PATHEXT", ".EXE;.CMD")).path());
        assertEquals("C:\\bin\\run.cmd", resolve("run", Map.of("PATH", "C:\\bin", "PATHEXT", ".CMD;.EXE")).path());
    }

    @Test
    void aNameWithAKnownExtensionIsTakenAsIs() throws Exception {
        file("C:\\bin\\deploy.bat");
        var found = resolve("deploy.bat", Map.of("PATH", "C:\\bin"));
        assertEquals("C:\\bin\\deploy.bat", found.path());
        assertTrue(found.batch());
    }

    @Test
    void relativePathEntriesAreRelativeToTheWorkingDirectory() throws Exception {
        file("C:\\work\\bin\\tool.exe");
        assertEquals("C:\\work\\bin\\tool.exe", resolve("tool", Map.of("PATH", "bin")).path());
    }

    @Test
    void withoutPathTheSystemDirectoriesOfTheUnitsSystemRootAreSearched() throws Exception {
        file("C:\\Windows\\System32\\cmd.exe");
        assertEquals("C:\\Windows\\System32\\cmd.exe", resolve("cmd", Map.of("SystemRoot", "C:\\Windows")).path());
    }

    @Test
    void aPathIsRelativeToTheWorkingDirectoryUnlessAbsolute() throws Exception {
        file("C:\\work\\app\\server.exe");
        file("D:\\apps\\server.exe");
        file("\\\\host\\share\\server.exe");
        assertEquals("C:\\work\\.\\app\\server.exe", resolve(".\\app\\server", Map.of()).path());
        assertEquals("C:\\work\\app/server.exe", resolve("app/server.exe", Map.of()).path());
        assertEquals("D:\\apps\\server.exe", resolve("D:\\apps\\server.exe", Map.of()).path());
        assertEquals("\\\\host\\share\\server.exe", resolve("\\\\host\\share\\server", Map.of()).path());
    }

    @Test
    void aPathWithSpacesIsFound() throws Exception {
        file("C:\\Program Files\\My App\\app.exe");
        assertEquals("C:\\Program Files\\My App\\app.exe", resolve("C:\\Program Files\\My App\\app", Map.of()).path());
    }

    @Test
    void aMissingProgramNamesThePathSearchedAndTheExtensions() {
        LaunchException e = assertThrows(LaunchException.class, () -> resolve("nope", Map.of("PATH", "C:\\a;C:\\b")));
        assertTrue(e.getMessage().contains("executable 'nope' not found in PATH C:\\a;C:\\b (from the unit's environment) "
                + "with the extensions .COM;.EXE;.BAT;.CMD"), e.getMessage());
    }

    @Test
    void aMissingPathNamesTheFileAndTheWorkingDirectory() {
        LaunchException e = assertThrows(LaunchException.class, () -> resolve("bin\\nope.exe", Map.of()));
        assertTrue(e.getMessage().contains("executable C:\\work\\bin\\nope.exe does not exist (resolved against the "
                + "working directory C:\\work)"), e.getMessage());
    }

    @Test
    void aDirectoryIsNotAProgram() {
        dirs.add(normal("C:\\apps\\tool"));
        LaunchException e = assertThrows(LaunchException.class, () -> resolve("C:\\apps\\tool", Map.of()));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void anEmptyExecutableIsRefused() {
        assertThrows(LaunchException.class, () -> resolve("", Map.of()));
    }

    @Test
    void pathSyntax() {
        assertTrue(ExecutableSearch.isPath("a\\b"));
        assertTrue(ExecutableSearch.isPath("a/b"));
        assertTrue(ExecutableSearch.isPath("C:prog"));
        assertEquals(false, ExecutableSearch.isPath("prog.exe"));
        assertTrue(ExecutableSearch.isAbsolute("C:\\x"));
        assertTrue(ExecutableSearch.isAbsolute("c:/x"));
        assertTrue(ExecutableSearch.isAbsolute("\\\\server\\share"));
        assertEquals(false, ExecutableSearch.isAbsolute("C:x"));
        assertEquals(false, ExecutableSearch.isAbsolute("x\\y"));
        assertEquals("C:\\a\\b", ExecutableSearch.join("C:\\a", "b"));
        assertEquals("C:\\a\\b", ExecutableSearch.join("C:\\a\\", "b"));
    }
}

package dev.hsu.windows.internal;

import dev.hsu.spi.LaunchException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the file a unit's executable names, the Windows way, before anything is started, so that a
 * missing program is a {@link LaunchException} naming it rather than an exit code:
 *
 * <ul>
 *   <li>With a {@code \}, a {@code /} or a drive ({@code C:}) it is a path, relative to the
 *       working directory unless absolute. Otherwise it is searched in the {@code PATH} of the
 *       unit's own environment (entries may be quoted; relative ones are relative to the working
 *       directory), or in {@code %SystemRoot%\System32;%SystemRoot%} if the unit has no PATH.
 *       Unlike CreateProcess's own search, the master's directory and working directory are not
 *       searched first: the unit's PATH decides.</li>
 *   <li>A name whose extension is one of {@code PATHEXT} (the unit's, else
 *       {@code .COM;.EXE;.BAT;.CMD}) is taken as is; any other name is tried with each of those
 *       extensions first, then as is ({@code python} finds {@code python.exe}).</li>
 * </ul>
 *
 * <p>Paths are strings with Windows syntax, checked through {@link Probe}, so the rules are tested
 * on any OS.
 *
 * <p>Thread-safety: stateless.
 */
final class ExecutableSearch {
    static final String DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";

    /** What the search asks of the file system. */
    interface Probe {
        boolean isFile(String path);

        boolean isDirectory(String path);

        /** The real file system. */
        Probe SYSTEM = new Probe() {
            @Override
            public boolean isFile(String path) {
                try {
                    return Files.isRegularFile(Path.of(path));
                } catch (InvalidPathException e) {
                    return false;
                }
            }

            @Override
            public boolean isDirectory(String path) {
                try {
                    return Files.isDirectory(Path.of(path));
                } catch (InvalidPathException e) {
                    return false;
                }
            }
        };
    }

    /**
     * @param path the file found, absolute
     * @param batch true for a {@code .bat} or {@code .cmd} file, which runs through cmd.exe
     */
    record Found(String path, boolean batch) {
    }

    private ExecutableSearch() {
    }

    /**
     * @param workingDirectory the child's working directory, absolute
     */
    static Found resolve(String unitId, String executable, Map<String, String> environment, String workingDirectory,
            Probe probe) throws LaunchException {
        if (executable.isEmpty()) {
            throw new LaunchException("unit " + unitId + ": the executable is empty; set it to a program name or path");
        }
        List<String> extensions = extensions(environment);
        if (isPath(executable)) {
            String base = isAbsolute(executable) ? executable : join(workingDirectory, executable);
            for (String candidate : candidates(base, extensions)) {
                if (probe.isFile(candidate)) {
                    return found(candidate);
                }
            }
            if (probe.isDirectory(base)) {
                throw new LaunchException("unit " + unitId + ": executable " + base + " is a directory; point the "
                        + "unit's executable at the program file");
            }
            throw new LaunchException("unit " + unitId + ": executable " + base + " does not exist"
                    + (isAbsolute(executable) ? "" : " (resolved against the working directory " + workingDirectory + ")")
                    + "; fix the unit's executable or install the program");
        }
        String path = EnvironmentBlock.get(environment, "PATH");
        String searched = path;
        if (searched == null) {
            String root = EnvironmentBlock.get(environment, "SystemRoot");
            searched = root == null ? "" : root + "\\System32;" + root;
        }
        for (String entry : searched.split(";")) {
            String dir = unquote(entry.trim());
            if (dir.isEmpty()) {
                continue;
            }
            String base = join(isAbsolute(dir) ? dir : join(workingDirectory, dir), executable);
            for (String candidate : candidates(base, extensions)) {
                if (probe.isFile(candidate)) {
                    return found(candidate);
                }
            }
        }
        throw new LaunchException("unit " + unitId + ": executable '" + executable + "' not found in PATH "
                + (path != null ? searched + " (from the unit's environment)"
                        : "'" + searched + "' (the unit's environment has no PATH)")
                + " with the extensions " + String.join(";", extensions)
                + "; install it, give its full path, or fix PATH in the unit's environment");
    }

    static boolean isPath(String executable) {
        return executable.indexOf('\\') >= 0 || executable.indexOf('/') >= 0
                || (executable.length() >= 2 && executable.charAt(1) == ':');
    }

    static boolean isAbsolute(String path) {
        return (path.length() >= 3 && Character.isLetter(path.charAt(0)) && path.charAt(1) == ':'
                && (path.charAt(2) == '\\' || path.charAt(2) == '/'))
                || path.startsWith("\\\\") || path.startsWith("//");
    }

    static String join(String dir, String name) {
        return dir.endsWith("\\") || dir.endsWith("/") ? dir + name : dir + "\\" + name;
    }

    private static Found found(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return new Found(path, lower.endsWith(".bat") || lower.endsWith(".cmd"));
    }

    private static List<String> extensions(Map<String, String> environment) {
        String pathext = EnvironmentBlock.get(environment, "PATHEXT");
        List<String> out = new ArrayList<>();
        for (String ext : (pathext == null || pathext.isBlank() ? DEFAULT_PATHEXT : pathext).split(";")) {
            String e = ext.trim();
            if (!e.isEmpty()) {
                out.add(e.startsWith(".") ? e : "." + e);
            }
        }
        return out;
    }

    private static List<String> candidates(String base, List<String> extensions) {
        String name = base.substring(Math.max(base.lastIndexOf('\\'), base.lastIndexOf('/')) + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String ext = name.substring(dot);
            if (extensions.stream().anyMatch(ext::equalsIgnoreCase)) {
                return List.of(base);
            }
        }
        List<String> out = new ArrayList<>();
        for (String ext : extensions) {
            out.add(base + ext.toLowerCase(Locale.ROOT));
        }
        out.add(base);
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}

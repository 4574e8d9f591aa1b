package dev.hsu.linux.internal;

import dev.hsu.spi.LaunchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks, before anything is spawned, that a unit's working directory and executable are usable,
 * and resolves the executable the way a shell would for the child: with a slash it is a path
 * (relative to the working directory); without one it is searched in the PATH of the unit's own
 * environment (empty and relative entries relative to the working directory), the first
 * executable regular file winning.
 *
 * <p>Every failure is a {@link LaunchException} naming the unit, the path and the fix.
 *
 * <p>Thread-safety: stateless.
 */
final class ExecutableResolver {
    /** Searched when the unit's environment has no PATH (glibc's {@code _CS_PATH}). */
    static final String DEFAULT_PATH = "/bin:/usr/bin";

    private ExecutableResolver() {
    }

    /**
     * @param workingDirectory the unit's, or null for the master's
     * @return the absolute working directory the child will have
     */
    static Path checkWorkingDirectory(String unitId, Path workingDirectory) throws LaunchException {
        Path master = Path.of("").toAbsolutePath();
        if (workingDirectory == null) {
            return master;
        }
        Path dir = master.resolve(workingDirectory);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(dir, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new LaunchException("unit " + unitId + ": working directory " + dir
                    + " does not exist; create it or fix the unit's working directory");
        } catch (IOException e) {
            throw new LaunchException("unit " + unitId + ": working directory " + dir + " cannot be read ("
                    + e.getMessage() + "); fix its permissions or the unit's working directory", e);
        }
        if (!attributes.isDirectory()) {
            throw new LaunchException("unit " + unitId + ": working directory " + dir
                    + " is not a directory; point the unit's working directory at a directory");
        }
        return dir;
    }

    /**
     * @param path the PATH of the unit's environment, or null if it has none
     * @param workingDirectory absolute, already checked
     * @return the absolute path of the executable file
     */
    static Path resolve(String unitId, String executable, String path, Path workingDirectory)
            throws LaunchException {
        if (executable.isEmpty()) {
            throw new LaunchException("unit " + unitId + ": the executable is empty; set it to a program name or path");
        }
        if (executable.indexOf('/') >= 0) {
            Path file = workingDirectory.resolve(executable);
            Problem problem = inspect(file);
            if (problem == null) {
                return file;
            }
            throw problem.toException(unitId, file, executable.startsWith("/") ? null : workingDirectory);
        }
        String searched = path != null ? path : DEFAULT_PATH;
        Path firstProblemFile = null;
        Problem firstProblem = null;
        for (String entry : searched.split(":", -1)) {
            Path dir = entry.isEmpty() ? workingDirectory : workingDirectory.resolve(entry);
            Path file = dir.resolve(executable);
            Problem problem = inspect(file);
            if (problem == null) {
                return file;
            }
            if (problem != Problem.MISSING && firstProblem == null) {
                firstProblem = problem;
                firstProblemFile = file;
            }
        }
        if (firstProblem != null) {
            // What a shell reports too: a match that cannot run beats "not found".
            throw firstProblem.toException(unitId, firstProblemFile, null);
        }
        throw new LaunchException("unit " + unitId + ": executable '" + executable + "' not found in PATH "
                + (path != null ? searched + " (from the unit's environment)"
                        : searched + " (the default: the unit's environment has no PATH)")
                + "; install it, give its full path, or fix PATH in the unit's environment");
    }

    private enum Problem {
        MISSING, NOT_REGULAR, NOT_EXECUTABLE, UNREADABLE;

        LaunchException toException(String unitId, Path checked, Path relativeTo) {
            // Checked as the kernel will see it; shown without "./" noise.
            Path file = checked.normalize();
            String where = relativeTo != null ? " (resolved against the working directory " + relativeTo + ")" : "";
            return new LaunchException(switch (this) {
                case MISSING -> "unit " + unitId + ": executable " + file + " does not exist" + where
                        + "; fix the unit's executable or install the program";
                case NOT_REGULAR -> "unit " + unitId + ": executable " + file + " is not a regular file ("
                        + kind(file) + ")" + where + "; point the unit's executable at the program file";
                case NOT_EXECUTABLE -> "unit " + unitId + ": executable " + file + " is not executable (mode "
                        + mode(file) + ")" + where + "; chmod +x " + file;
                case UNREADABLE -> "unit " + unitId + ": executable " + file + " cannot be inspected" + where
                        + "; check the permissions of its directories";
            });
        }
    }

    /** @return null if {@code file} is an executable regular file */
    private static Problem inspect(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Problem.MISSING;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("Not a directory")
                    ? Problem.MISSING : Problem.UNREADABLE;
        }
        if (!attributes.isRegularFile()) {
            return Problem.NOT_REGULAR;
        }
        // access(X_OK) with the master's identity, which the child keeps.
        return Files.isExecutable(file) ? null : Problem.NOT_EXECUTABLE;
    }

    private static String kind(Path file) {
        return Files.isDirectory(file) ? "a directory"
                : Files.isSymbolicLink(file) ? "a dangling symbolic link" : "a device, socket or fifo";
    }

    private static String mode(Path file) {
        try {
            return String.format("%04o", (Integer) Files.getAttribute(file, "unix:mode") & 07777);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "unknown";
        }
    }
}

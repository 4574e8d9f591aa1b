package dev.hsu.macos.internal;

import dev.hsu.spi.LaunchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks, before anything is spawned, that a unit's working directory and executable are usable,
 * and resolves the executable as a shell would: with a slash it is a path (relative to the working
 * directory); without one it is searched in the PATH of the unit's own environment (empty and
 * relative entries relative to the working directory), the first executable regular file winning.
 *
 * <p>Thread-safety: stateless.
 */
final class ExecutableResolver {
    /** Searched when the unit's environment has no PATH ({@code _PATH_DEFPATH} of macOS). */
    static final String DEFAULT_PATH = "/usr/bin:/bin";

    private ExecutableResolver() {
    }

    /** @return the absolute working directory the child will have */
    static Path checkWorkingDirectory(String unitId, Path master, Path workingDirectory) throws LaunchException {
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
     * @param path the PATH of the unit's environment, or null
     * @param workingDirectory absolute, already checked
     */
    static Path resolve(String unitId, String executable, String path, Path workingDirectory) throws LaunchException {
        if (executable.isEmpty()) {
            throw new LaunchException("unit " + unitId + ": the executable is empty; set it to a program name or path");
        }
        if (executable.indexOf('/') >= 0) {
            Path file = workingDirectory.resolve(executable);
            String problem = inspect(file);
            if (problem == null) {
                return file;
            }
            throw new LaunchException("unit " + unitId + ": executable " + file.normalize() + " " + problem
                    + (executable.startsWith("/") ? "" : " (resolved against the working directory " + workingDirectory + ")")
                    + "; fix the unit's executable");
        }
        String searched = path != null ? path : DEFAULT_PATH;
        String firstProblem = null;
        for (String entry : searched.split(":", -1)) {
            Path file = (entry.isEmpty() ? workingDirectory : workingDirectory.resolve(entry)).resolve(executable);
            String problem = inspect(file);
            if (problem == null) {
                return file;
            }
            if (firstProblem == null && !problem.equals(MISSING)) {
                firstProblem = "executable " + file.normalize() + " " + problem;
            }
        }
        if (firstProblem != null) {
            throw new LaunchException("unit " + unitId + ": " + firstProblem + "; fix it or the unit's PATH");
        }
        throw new LaunchException("unit " + unitId + ": executable '" + executable + "' not found in PATH " + searched
                + (path != null ? " (from the unit's environment)" : " (the default: the unit's environment has no PATH)")
                + "; install it, give its full path, or fix PATH in the unit's environment");
    }

    private static final String MISSING = "does not exist";

    /** @return null if {@code file} is an executable regular file, else what is wrong */
    private static String inspect(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return MISSING;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("Not a directory") ? MISSING : "cannot be inspected";
        }
        if (!attributes.isRegularFile()) {
            return attributes.isDirectory() ? "is a directory" : "is not a regular file";
        }
        return Files.isExecutable(file) ? null : "is not executable; chmod +x " + file.normalize();
    }
}

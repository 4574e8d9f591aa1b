package dev.hsu.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to start one process. Built by the core from a unit; the adapter adds nothing
 * of its own (no inherited environment: {@code environment} is the complete environment).
 *
 * @param unitId the unit (or replica) name, for messages
 * @param executable the program; with a slash it is a path (relative to {@code workingDirectory}
 *     if relative), without one it is searched in the {@code PATH} of {@code environment}
 * @param args the arguments after argv[0]; argv[0] is {@code executable} as given
 * @param environment the child's complete environment
 * @param workingDirectory the child's working directory; null means the master's
 * @param stdout where standard output goes
 * @param stderr where standard error goes
 * @param niceness scheduling priority, -20 (highest) .. 19 (lowest); null leaves the master's
 * @param confinement what {@link ResourceLimiter#confine} prepared; the child is inside it before
 *     its program's first instruction
 * @param identity the user and groups the child runs as (switched to before its program's first
 *     instruction, after it joined its confinement); null keeps the master's. Needs
 *     {@link LaunchFeature#SWITCH_USER}.
 * @param umask the child's file mode creation mask, 0 to 0777, set before its program runs; null
 *     keeps the master's. Needs {@link LaunchFeature#UMASK}.
 */
public record LaunchSpec(
        String unitId,
        String executable,
        List<String> args,
        Map<String, String> environment,
        Path workingDirectory,
        OutputTarget stdout,
        OutputTarget stderr,
        Integer niceness,
        Confinement confinement,
        ProcessIdentity identity,
        Integer umask) {

    public LaunchSpec {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(executable, "executable");
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(confinement, "confinement");
        if (umask != null && (umask < 0 || umask > 0777)) {
            throw new IllegalArgumentException("umask must be from 0 to 0777, got 0" + Integer.toOctalString(umask));
        }
    }

    /** A spec that keeps the master's identity and umask. */
    public LaunchSpec(String unitId, String executable, List<String> args, Map<String, String> environment,
                      Path workingDirectory, OutputTarget stdout, OutputTarget stderr, Integer niceness,
                      Confinement confinement) {
        this(unitId, executable, args, environment, workingDirectory, stdout, stderr, niceness, confinement, null,
                null);
    }

    /** This spec running as {@code identity} (null: the master's) with {@code umask} (null: the master's). */
    public LaunchSpec withIdentity(ProcessIdentity identity, Integer umask) {
        return new LaunchSpec(unitId, executable, args, environment, workingDirectory, stdout, stderr, niceness,
                confinement, identity, umask);
    }
    /**
     * Checks that the executable and every argument can reach a program: none may hold a NUL
     * character, which ends a C string.
     *
     * @throws LaunchException naming the unit, the string and the fix
     */
    public void checkArgumentsPassable() throws LaunchException {
        if (executable.indexOf('\0') >= 0) {
            throw new LaunchException("unit " + unitId + ": the executable contains a NUL character, which no "
                    + "program can receive; remove it");
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).indexOf('\0') >= 0) {
                throw new LaunchException("unit " + unitId + ": argument " + (i + 1) + " contains a NUL character, "
                        + "which cannot be passed to a program; remove it");
            }
        }
    }

    /**
     * Checks that the environment can be passed as POSIX {@code NAME=value} strings: names
     * non-empty without '=' or NUL, values without NUL.
     *
     * <p>Platform note: POSIX (Linux, macOS); a Windows environment block has rules of its own.
     *
     * @throws LaunchException naming the unit, the variable and the fix
     */
    public void checkPosixEnvironmentPassable() throws LaunchException {
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String key = e.getKey();
            if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0 || e.getValue().indexOf('\0') >= 0) {
                throw new LaunchException("unit " + unitId + ": environment variable '" + key.replace("\0", "\\0")
                        + "' cannot be passed (names must be non-empty without '=' or NUL, values without NUL); "
                        + "fix the unit's environment");
            }
        }
    }
}

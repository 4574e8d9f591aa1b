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
        Confinement confinement) {

    public LaunchSpec {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(executable, "executable");
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(confinement, "confinement");
    }
}

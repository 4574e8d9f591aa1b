package dev.hsu.linux.internal;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A fluent LaunchSpec for tests. */
final class Specs {
    private String unit = "test-unit";
    private String executable;
    private List<String> args = List.of();
    private Map<String, String> environment = Children.baseEnvironment();
    private Path workingDirectory;
    private OutputTarget stdout = OutputTarget.discard();
    private OutputTarget stderr = OutputTarget.discard();
    private Integer niceness;
    private ResourceLimits limits = ResourceLimits.NONE;

    static Specs run(String executable, String... args) {
        Specs s = new Specs();
        s.executable = executable;
        s.args = List.of(args);
        return s;
    }

    /** {@code /bin/sh -c script sh args...}. */
    static Specs sh(String script, String... args) {
        Specs s = run("/bin/sh");
        s.args = new java.util.ArrayList<>(List.of("-c", script, "sh"));
        s.args.addAll(List.of(args));
        return s;
    }

    Specs unit(String unit) {
        this.unit = unit;
        return this;
    }

    Specs env(Map<String, String> environment) {
        this.environment = environment;
        return this;
    }

    Specs cwd(Path dir) {
        this.workingDirectory = dir;
        return this;
    }

    Specs stdout(OutputTarget target) {
        this.stdout = target;
        return this;
    }

    Specs stderr(OutputTarget target) {
        this.stderr = target;
        return this;
    }

    Specs niceness(Integer niceness) {
        this.niceness = niceness;
        return this;
    }

    Specs limits(ResourceLimits limits) {
        this.limits = limits;
        return this;
    }

    LaunchSpec build() {
        Confinement confinement = Children.confine(unit, limits);
        return new LaunchSpec(unit, executable, args, environment, workingDirectory, stdout, stderr, niceness,
                confinement);
    }
}

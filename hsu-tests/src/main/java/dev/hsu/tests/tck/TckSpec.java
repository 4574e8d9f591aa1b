package dev.hsu.tests.tck;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fluent launch of one command by a test, through {@link TckChildren}. Not thread-safe. */
public final class TckSpec {
    private final TckChildren children;
    private TckCommand command;
    private String unit = TckChildren.newUnitName();
    private Map<String, String> environment;
    private Path workingDirectory;
    private OutputTarget stdout = OutputTarget.discard();
    private OutputTarget stderr = OutputTarget.discard();
    private Integer niceness;
    private ResourceLimits limits = ResourceLimits.NONE;
    private Confinement confinement;

    TckSpec(TckChildren children, TckCommand command, Map<String, String> environment) {
        this.children = children;
        this.command = command;
        this.environment = new LinkedHashMap<>(environment);
    }

    public TckSpec unit(String name) {
        this.unit = name;
        return this;
    }

    /** Replaces the whole environment. */
    public TckSpec env(Map<String, String> env) {
        this.environment = new LinkedHashMap<>(env);
        return this;
    }

    /** Adds (or replaces) one variable. */
    public TckSpec env(String name, String value) {
        this.environment.put(name, value);
        return this;
    }

    public TckSpec executable(String executable) {
        this.command = new TckCommand(executable, command.args());
        return this;
    }

    public TckSpec cwd(Path dir) {
        this.workingDirectory = dir;
        return this;
    }

    public TckSpec stdout(OutputTarget target) {
        this.stdout = target;
        return this;
    }

    public TckSpec stderr(OutputTarget target) {
        this.stderr = target;
        return this;
    }

    /** Captures stdout into {@code sink}. */
    public TckSpec capture(TckSink sink) {
        return stdout(new OutputTarget.Capture(sink));
    }

    public TckSpec niceness(Integer value) {
        this.niceness = value;
        return this;
    }

    /** Limits to confine the unit with (through the adapter's limiter, at launch). */
    public TckSpec limits(ResourceLimits value) {
        this.limits = value;
        return this;
    }

    /** A confinement made by the test itself (used as is, not released by the kit). */
    public TckSpec confinement(Confinement value) {
        this.confinement = value;
        return this;
    }

    public String unit() {
        return unit;
    }

    /** The spec, with a confinement from the adapter's limiter unless one was given. */
    public LaunchSpec build() {
        Confinement c = confinement != null ? confinement : children.confine(unit, limits);
        return new LaunchSpec(unit, command.executable(), command.args(), environment, workingDirectory, stdout,
                stderr, niceness, c);
    }

    public LaunchedProcess launch() throws LaunchException {
        return children.launch(build());
    }
}

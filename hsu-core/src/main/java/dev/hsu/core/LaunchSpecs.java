package dev.hsu.core;

import dev.hsu.core.output.LineSplitter;
import dev.hsu.core.output.LogFiles;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Turns a unit into the {@link LaunchSpec} of one run. Stateless. */
final class LaunchSpecs {
    private LaunchSpecs() {
    }

    /**
     * @throws LaunchException if the directory of a stdout/stderr file cannot be created
     */
    static LaunchSpec build(ManagedUnit unit, MasterSettings settings, Confinement confinement, LogFiles logs)
            throws LaunchException {
        OutputTarget out = target(unit, unit.stdout(), OutputStream.STDOUT, settings, logs);
        // Both streams into one log file: one feed, so the adapter shares one pipe (2>&1) and
        // their lines interleave whole, in the order written.
        OutputTarget err = unit.stderr() instanceof OutputRedirect.Log e && unit.stdout() instanceof OutputRedirect.Log o
                && logPath(unit, e, settings).equals(logPath(unit, o, settings))
                ? out : target(unit, unit.stderr(), OutputStream.STDERR, settings, logs);
        return new LaunchSpec(unit.name(), unit.executable(), unit.args(), environment(unit, settings),
                unit.workingDirectory(), out, err, unit.priority(), confinement,
                unit.identity() == null ? null : unit.identity().processIdentity(), unit.umask());
    }

    /** The absolute path of a log output. */
    static Path logPath(ManagedUnit unit, OutputRedirect.Log log, MasterSettings settings) {
        return logDirectory(unit, settings).resolve(log.path()).normalize();
    }

    /**
     * The unit's complete environment, each layer over the one before: the master's environment
     * (none with {@code clear_environment}), the account variables of the unit's user
     * ({@code HOME}, {@code USER}, {@code LOGNAME}, {@code SHELL}), the unit's own variables. So
     * {@code PATH} is the master's unless the unit sets it.
     */
    static Map<String, String> environment(ManagedUnit unit, MasterSettings settings) {
        if (!unit.clearEnvironment() && unit.identity() == null && unit.environment().isEmpty()) {
            return settings.baseEnvironment();
        }
        Map<String, String> env = unit.clearEnvironment() ? new LinkedHashMap<>()
                : new LinkedHashMap<>(settings.baseEnvironment());
        if (unit.identity() != null) {
            env.putAll(unit.identity().accountVariables());
        }
        env.putAll(unit.environment());
        return env;
    }

    /** The unit's log directory: {@code log.directory} against the master's, or the master's. */
    static Path logDirectory(ManagedUnit unit, MasterSettings settings) {
        Path dir = unit.log().directory();
        return dir == null ? settings.logDirectory() : settings.logDirectory().resolve(dir).normalize();
    }

    /**
     * The limits to ask the limiter for: all of them in strict mode (validation already refused
     * what cannot be enforced); in lenient mode only the enforceable ones, since the user accepted
     * a warning to run without the rest.
     */
    static ResourceLimits enforceable(ResourceLimits limits, Set<LimitKind> enforceable) {
        if (enforceable.containsAll(limits.requested())) {
            return limits;
        }
        return new ResourceLimits(
                enforceable.contains(LimitKind.CPU) ? limits.cpu() : null,
                enforceable.contains(LimitKind.CPU_SHARES) ? limits.cpuShares() : null,
                enforceable.contains(LimitKind.MEMORY) ? limits.memory() : null,
                enforceable.contains(LimitKind.MEMORY_SWAP) ? limits.memorySwap() : null,
                enforceable.contains(LimitKind.MAX_PROCESSES) ? limits.maxProcesses() : null,
                enforceable.contains(LimitKind.MAX_OPEN_FILES) ? limits.maxOpenFiles() : null,
                enforceable.contains(LimitKind.IO_WEIGHT) ? limits.ioWeight() : null,
                enforceable.contains(LimitKind.IO_READ_BPS) ? limits.ioReadBps() : null,
                enforceable.contains(LimitKind.IO_WRITE_BPS) ? limits.ioWriteBps() : null);
    }

    private static OutputTarget target(ManagedUnit unit, OutputRedirect redirect, OutputStream stream,
                                       MasterSettings settings, LogFiles logs) throws LaunchException {
        return switch (redirect) {
            case OutputRedirect.Console c -> {
                String name = unit.name();
                ConsoleOutput console = settings.console();
                yield new OutputTarget.Capture(new LineSplitter(line -> console.line(name, stream, line)));
            }
            case OutputRedirect.Discard d -> OutputTarget.discard();
            case OutputRedirect.File f -> {
                Path path = logDirectory(unit, settings).resolve(f.path()).normalize();
                if (unit.identity() != null) {
                    // The child opens the file before it switches users: HSU creates it (and its
                    // directories) for the unit's user, so that the unit can reopen it later.
                    OwnedFiles.create(unit.name(), stream == OutputStream.STDOUT ? "stdout" : "stderr", path,
                            unit.identity());
                } else {
                    createParent(unit, stream, path);
                }
                yield new OutputTarget.ToFile(path, f.append());
            }
            case OutputRedirect.Log l -> {
                Path path = logPath(unit, l, settings);
                createParent(unit, stream, path);
                yield new OutputTarget.Capture(logs.open(path, unit.log()).newFeed(unit.name()));
            }
        };
    }

    private static void createParent(ManagedUnit unit, OutputStream stream, Path file) throws LaunchException {
        Path parent = file.getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException | SecurityException e) {
            String key = stream == OutputStream.STDOUT ? "stdout" : "stderr";
            throw new LaunchException("cannot create directory " + parent + " for the " + key + " file " + file
                    + " (" + e + "); create it, make it writable, or change " + key + " / log.directory", e);
        }
    }
}

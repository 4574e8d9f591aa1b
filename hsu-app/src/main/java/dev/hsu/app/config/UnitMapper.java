package dev.hsu.app.config;

import dev.hsu.app.config.yaml.YamlMap;
import dev.hsu.app.config.yaml.YamlNode;
import dev.hsu.app.config.yaml.YamlScalar;
import dev.hsu.core.unit.LogConfig;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.UnitIdentity;
import dev.hsu.core.validate.UnitValidator;
import dev.hsu.spi.Signal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Maps one entry of {@code units:} to a {@link ManagedUnit}. Every problem is reported to the
 * unit's {@link Scope}; a value in error is left at its default so that mapping goes on.
 *
 * <p>Relative paths ({@code working_directory}, {@code log.directory}) are resolved against the
 * configuration file's directory; relative output files against the unit's log directory.
 */
final class UnitMapper {
    static final List<String> KEYS = List.of("description", "executable", "args", "environment",
            "working_directory", "restart", "auto_start", "resources", "priority", "log", "stdout", "stderr",
            "health_check", "schedule", "depends_on", "graceful_timeout", "stop_signal", "readiness_check", "replicas",
            "min_ready", "restart_dependents", "start_timeout", "user", "group", "supplementary_groups", "umask",
            "env_file", "clear_environment");

    private final Path baseDirectory;
    private final MasterConfig master;
    private final Map<String, String> masterEnvironment;
    private final Accounts accounts;

    /**
     * @param baseDirectory the configuration file's directory, absolute
     * @param master the master settings (for the default log directory)
     */
    UnitMapper(Path baseDirectory, MasterConfig master) {
        this(baseDirectory, master, System.getenv(), Accounts.system());
    }

    /**
     * @param masterEnvironment the environment units inherit, which {@code ${...}} also sees
     * @param accounts where {@code user:} and {@code group:} are looked up
     */
    UnitMapper(Path baseDirectory, MasterConfig master, Map<String, String> masterEnvironment, Accounts accounts) {
        this.baseDirectory = baseDirectory;
        this.master = master;
        this.masterEnvironment = masterEnvironment;
        this.accounts = accounts;
    }

    /** @return the unit, or null if its entry is not a map at all */
    ManagedUnit map(Scope scope, YamlNode value) {
        // The name's syntax is checked by the core's validator, with the same rule as the API.
        String name = scope.unit();
        if (!(value instanceof YamlMap m)) {
            scope.error(scope.origin(), null, value instanceof YamlScalar s && s.isNull()
                    ? "has no settings; a unit needs at least 'executable: <program>'"
                    : "must be a map of settings, got " + value.describe());
            return null;
        }
        Section u = new Section(scope, m, "");
        u.checkKeys(KEYS);
        ManagedUnit.Builder b = ManagedUnit.builder(name);
        set(u.text("description"), b::description);
        b.executable(executable(u));
        UnitIdentity identity = IdentityMapper.map(u, accounts);
        b.identity(identity);
        b.umask(IdentityMapper.umask(u));
        set(u.bool("clear_environment"), b::clearEnvironment);
        EnvironmentMapper.Result env = EnvironmentMapper.map(u, baseDirectory, masterEnvironment, identity);
        b.environment(env.environment());
        b.secrets(env.secrets());
        set(args(u, env.expansionContext()), b::args);
        set(workingDirectory(u, env.expansionContext()), b::workingDirectory);
        b.restart(RestartMapper.map(u));
        set(u.bool("auto_start"), b::autoStart);
        b.resources(ResourcesMapper.map(u));
        Long priority = u.integer("priority", -20, 19);
        set(priority == null ? null : priority.intValue(), b::priority);
        LogConfig log = LogMapper.map(u, baseDirectory);
        b.log(log);
        Path logDirectory = log.directory() != null ? log.directory() : master.logDirectory();
        OutputRedirect stdout = OutputMapper.map(u, "stdout", logDirectory);
        OutputRedirect stderr = OutputMapper.map(u, "stderr", logDirectory);
        b.stdout(stdout);
        b.stderr(stderr);
        LogMapper.warnIfNoLogOutput(u, stdout, stderr);
        b.healthCheck(HealthCheckMapper.map(u, "health_check"));
        b.readinessCheck(HealthCheckMapper.map(u, "readiness_check"));
        b.schedule(ScheduleMapper.map(u));
        b.dependsOn(DependencyMapper.map(u));
        set(u.duration("graceful_timeout", true), b::gracefulTimeout);
        set(stopSignal(u), b::stopSignal);
        Long replicas = u.integer("replicas", 1, UnitValidator.MAX_REPLICAS);
        set(replicas == null ? null : replicas.intValue(), b::replicas);
        Long minReady = u.integer("min_ready", 1, UnitValidator.MAX_REPLICAS);
        if (minReady != null && minReady > (replicas == null ? 1 : replicas)) {
            u.error("min_ready", "must be at most replicas (" + (replicas == null ? 1 : replicas) + "), got " + minReady);
        } else if (minReady != null) {
            b.minReady(minReady.intValue());
        }
        set(u.bool("restart_dependents"), b::restartDependents);
        set(u.duration("start_timeout", true), b::startTimeout);
        return b.build();
    }

    private static String executable(Section u) {
        if (!u.has("executable")) {
            u.scope().error(u.scope().origin(), "executable",
                    "is required: the program to run, e.g. executable: /usr/bin/python3");
            return "";
        }
        String exe = u.text("executable");
        if (exe == null && u.node("executable") != null) {
            return ""; // a list or map: reported as a wrong type
        }
        if (exe == null || exe.isBlank()) {
            u.error("executable", "must not be empty: set the program to run, e.g. executable: /usr/bin/python3");
            return "";
        }
        return exe;
    }

    /** {@code args} with {@code ${...}} expanded; null if absent or in error. */
    private static List<String> args(Section u, Map<String, String> context) {
        List<String> args = u.strings("args");
        if (args == null) {
            return null;
        }
        List<String> out = new java.util.ArrayList<>(args.size());
        boolean ok = true;
        for (int i = 0; i < args.size(); i++) {
            String v = EnvironmentMapper.expand(u, "args[" + i + "]", args.get(i), context);
            ok &= v != null;
            out.add(v);
        }
        return ok ? out : null;
    }

    /** {@code working_directory} with {@code ${...}} expanded, resolved against the file's directory. */
    private Path workingDirectory(Section u, Map<String, String> context) {
        String text = u.text("working_directory");
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            u.error("working_directory", "must not be empty; remove the key to use the default");
            return null;
        }
        String expanded = EnvironmentMapper.expand(u, "working_directory", text, context);
        return expanded == null ? null : u.resolvePath(expanded, baseDirectory, "working_directory");
    }

    private static Signal stopSignal(Section u) {
        String text = u.text("stop_signal");
        if (text == null) {
            return null;
        }
        return Signal.parse(text).orElseGet(() -> {
            List<String> names = Arrays.stream(Signal.values()).map(Signal::name).toList();
            u.error("stop_signal", "must be a signal name, one of " + String.join(", ", names)
                    + " (with or without SIG), got '" + text + "'"
                    + Suggestions.closest(text.toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", ""), names)
                            .map(s -> "; did you mean '" + s + "'?").orElse(""));
            return null;
        });
    }

    private static <T> void set(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}

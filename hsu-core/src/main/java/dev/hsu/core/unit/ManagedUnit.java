package dev.hsu.core.unit;

import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.Signal;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything HSU knows about one managed unit: what to run, how, and how to keep it running.
 * Immutable. Built with {@link #builder(String)}; checked with
 * {@link dev.hsu.core.validate.UnitValidator} before the master accepts it.
 *
 * <pre>{@code
 * ManagedUnit web = ManagedUnit.builder("web")
 *         .executable("./bin/server").args("--port", "8080")
 *         .restartPolicy(RestartPolicy.ON_FAILURE)
 *         .build();
 * }</pre>
 *
 * @param name unique name: letters, digits, {@code . _ -}, at most 64 characters
 * @param description free text
 * @param executable program path, or a name searched in the unit's {@code PATH}
 * @param args arguments after argv[0]
 * @param environment variables set over the master's environment (insertion order kept)
 * @param workingDirectory working directory; null means the master's
 * @param restart restart policy and backoff
 * @param autoStart start when the master starts
 * @param resources resource limits
 * @param priority niceness -20..19; null leaves the master's
 * @param log log settings
 * @param stdout where stdout goes
 * @param stderr where stderr goes
 * @param healthCheck liveness and readiness check, or null: a failure (after its threshold)
 *     restarts the unit through its restart policy; a success gates {@code healthy} dependents
 * @param schedule cron schedule that starts the unit at each firing, or null
 * @param dependsOn what must hold for other units before this one starts
 * @param gracefulTimeout how long a stop waits after {@code stopSignal} before SIGKILL
 * @param stopSignal the signal a stop sends first
 * @param readinessCheck readiness-only check, or null: replaces {@code healthCheck} for
 *     readiness (it gates dependents and the status' health) and never restarts the unit
 * @param replicas instances to run, 1 or more; with more than 1 they are named
 *     {@code name-0 ... name-(N-1)} and each gets {@code HSU_REPLICA} and {@code HSU_UNIT}
 * @param minReady replicas that must hold a dependency condition for the pool to hold it; null
 *     means all of them
 * @param restartDependents when this unit restarts, restart the units that depend on it too
 * @param startTimeout how long a dependent waits for this unit to become healthy before it is
 *     {@code BLOCKED}
 * @param identity the account the unit runs as, or null for the master's
 * @param umask the file mode creation mask of the unit's processes (0 to 0777), or null for the
 *     master's
 * @param clearEnvironment true: the unit starts with only its own environment (plus the account
 *     variables of {@code identity}), not the master's
 * @param secrets what must never be shown: environment variables from {@code env_file}s and their
 *     values; {@link #toString()} masks them, and so must every view of the unit
 */
public record ManagedUnit(
        String name,
        String description,
        String executable,
        List<String> args,
        Map<String, String> environment,
        Path workingDirectory,
        RestartSpec restart,
        boolean autoStart,
        ResourceLimits resources,
        Integer priority,
        LogConfig log,
        OutputRedirect stdout,
        OutputRedirect stderr,
        HealthCheck healthCheck,
        Schedule schedule,
        List<Dependency> dependsOn,
        Duration gracefulTimeout,
        Signal stopSignal,
        HealthCheck readinessCheck,
        int replicas,
        Integer minReady,
        boolean restartDependents,
        Duration startTimeout,
        UnitIdentity identity,
        Integer umask,
        boolean clearEnvironment,
        Secrets secrets) {

    public static final Duration DEFAULT_GRACEFUL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(2);
    /** The environment variable holding a replica's index. */
    public static final String REPLICA_VARIABLE = "HSU_REPLICA";
    /** The environment variable holding the unit's (pool's) name. */
    public static final String UNIT_VARIABLE = "HSU_UNIT";

    public ManagedUnit {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        executable = executable == null ? "" : executable;
        args = List.copyOf(args);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(gracefulTimeout, "gracefulTimeout");
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(startTimeout, "startTimeout");
        secrets = secrets == null ? Secrets.NONE : secrets;
    }

    /** The environment as it may be shown: secret values masked. */
    public Map<String, String> maskedEnvironment() {
        return secrets.mask(environment);
    }

    /**
     * The record's components, looked up once: each {@code getRecordComponents()} call returns new
     * accessor {@code Method}s, and each new {@code Method} builds its own method handle on its first
     * {@code invoke}. Looked up per call, that made one {@code toString} cost ~0.17 ms, and the
     * state file fingerprints every unit with it: 85 ms of a 500-unit start-up.
     */
    private static final RecordComponent[] COMPONENTS = ManagedUnit.class.getRecordComponents();

    /** Every component, with the environment masked and secret values redacted from the rest. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ManagedUnit[");
        for (int i = 0; i < COMPONENTS.length; i++) {
            String name = COMPONENTS[i].getName();
            Object value;
            try {
                value = name.equals("environment") ? maskedEnvironment() : COMPONENTS[i].getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                value = "?";
            }
            sb.append(i == 0 ? "" : ", ").append(name).append('=').append(secrets.redact(String.valueOf(value)));
        }
        return sb.append(']').toString();
    }

    /** True when the unit runs several replicas (a worker pool). */
    public boolean isPool() {
        return replicas > 1;
    }

    /**
     * True when this unit is {@code before} with only its pool size changed ({@code replicas},
     * {@code minReady}), both being pools: the replicas the two have in common are the same
     * instances, so a change from one to the other can keep them running. A unit that becomes a
     * pool or stops being one changes its instances' names, so that is not a rescale.
     */
    public boolean isRescaleOf(ManagedUnit before) {
        return before != null && isPool() && before.isPool() && !equals(before)
                && toBuilder().replicas(before.replicas).minReady(before.minReady).build().equals(before);
    }

    /** The check that gates readiness: {@code readinessCheck}, else {@code healthCheck}; may be null. */
    public HealthCheck readinessGate() {
        return readinessCheck != null ? readinessCheck : healthCheck;
    }

    /** Replicas that must hold a condition: {@code minReady}, else all. */
    public int requiredReplicas() {
        return minReady == null ? replicas : Math.min(minReady, replicas);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this unit's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.description = description;
        b.executable = executable;
        b.args = new ArrayList<>(args);
        b.environment = new LinkedHashMap<>(environment);
        b.workingDirectory = workingDirectory;
        b.restart = restart;
        b.autoStart = autoStart;
        b.resources = resources;
        b.priority = priority;
        b.log = log;
        b.stdout = stdout;
        b.stderr = stderr;
        b.healthCheck = healthCheck;
        b.schedule = schedule;
        b.dependsOn = new ArrayList<>(dependsOn);
        b.gracefulTimeout = gracefulTimeout;
        b.stopSignal = stopSignal;
        b.readinessCheck = readinessCheck;
        b.replicas = replicas;
        b.minReady = minReady;
        b.restartDependents = restartDependents;
        b.startTimeout = startTimeout;
        b.identity = identity;
        b.umask = umask;
        b.clearEnvironment = clearEnvironment;
        b.secrets = secrets;
        return b;
    }

    /** Builder with the documented defaults. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private String executable = "";
        private List<String> args = new ArrayList<>();
        private Map<String, String> environment = new LinkedHashMap<>();
        private Path workingDirectory;
        private RestartSpec restart = RestartSpec.DEFAULT;
        private boolean autoStart = true;
        private ResourceLimits resources = ResourceLimits.NONE;
        private Integer priority;
        private LogConfig log = LogConfig.DEFAULT;
        private OutputRedirect stdout = OutputRedirect.console();
        private OutputRedirect stderr = OutputRedirect.console();
        private HealthCheck healthCheck;
        private Schedule schedule;
        private List<Dependency> dependsOn = new ArrayList<>();
        private Duration gracefulTimeout = DEFAULT_GRACEFUL_TIMEOUT;
        private Signal stopSignal = Signal.TERM;
        private HealthCheck readinessCheck;
        private int replicas = 1;
        private Integer minReady;
        private boolean restartDependents;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private UnitIdentity identity;
        private Integer umask;
        private boolean clearEnvironment;
        private Secrets secrets = Secrets.NONE;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder description(String v) { this.description = v; return this; }
        public Builder executable(String v) { this.executable = v; return this; }
        public Builder args(String... v) { this.args = new ArrayList<>(Arrays.asList(v)); return this; }
        public Builder args(List<String> v) { this.args = new ArrayList<>(v); return this; }
        public Builder environment(Map<String, String> v) { this.environment = new LinkedHashMap<>(v); return this; }
        public Builder env(String key, String value) { this.environment.put(key, value); return this; }
        public Builder workingDirectory(Path v) { this.workingDirectory = v; return this; }
        public Builder restart(RestartSpec v) { this.restart = v; return this; }
        public Builder restartPolicy(RestartPolicy v) { this.restart = restart.withPolicy(v); return this; }
        public Builder maxRetries(int v) { this.restart = restart.withMaxRetries(v); return this; }
        public Builder retryDelay(Duration v) { this.restart = restart.withRetryDelay(v); return this; }
        public Builder backoffRate(double v) { this.restart = restart.withBackoffRate(v); return this; }
        public Builder autoStart(boolean v) { this.autoStart = v; return this; }
        public Builder resources(ResourceLimits v) { this.resources = v; return this; }
        public Builder priority(Integer v) { this.priority = v; return this; }
        public Builder log(LogConfig v) { this.log = v; return this; }
        public Builder stdout(OutputRedirect v) { this.stdout = v; return this; }
        public Builder stderr(OutputRedirect v) { this.stderr = v; return this; }
        public Builder healthCheck(HealthCheck v) { this.healthCheck = v; return this; }
        public Builder schedule(Schedule v) { this.schedule = v; return this; }
        public Builder dependsOn(List<Dependency> v) { this.dependsOn = new ArrayList<>(v); return this; }
        public Builder dependsOn(String... units) {
            for (String u : units) {
                this.dependsOn.add(new Dependency(u, Dependency.Condition.STARTED));
            }
            return this;
        }
        public Builder gracefulTimeout(Duration v) { this.gracefulTimeout = v; return this; }
        public Builder stopSignal(Signal v) { this.stopSignal = v; return this; }
        public Builder readinessCheck(HealthCheck v) { this.readinessCheck = v; return this; }
        public Builder replicas(int v) { this.replicas = v; return this; }
        public Builder minReady(Integer v) { this.minReady = v; return this; }
        public Builder restartDependents(boolean v) { this.restartDependents = v; return this; }
        public Builder startTimeout(Duration v) { this.startTimeout = v; return this; }
        public Builder identity(UnitIdentity v) { this.identity = v; return this; }
        public Builder umask(Integer v) { this.umask = v; return this; }
        public Builder clearEnvironment(boolean v) { this.clearEnvironment = v; return this; }
        public Builder secrets(Secrets v) { this.secrets = v; return this; }
        public Builder dependsOn(String unit, Dependency.Condition condition) {
            this.dependsOn.add(new Dependency(unit, condition));
            return this;
        }

        public ManagedUnit build() {
            return new ManagedUnit(name, description, executable, args, environment, workingDirectory, restart,
                    autoStart, resources, priority, log, stdout, stderr, healthCheck, schedule, dependsOn,
                    gracefulTimeout, stopSignal, readinessCheck, replicas, minReady, restartDependents, startTimeout,
                    identity, umask, clearEnvironment, secrets);
        }
    }
}

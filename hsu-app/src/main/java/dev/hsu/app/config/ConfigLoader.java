package dev.hsu.app.config;

import dev.hsu.app.config.yaml.Location;
import dev.hsu.app.config.yaml.YamlMap;
import dev.hsu.app.config.yaml.YamlNode;
import dev.hsu.app.config.yaml.YamlReader;
import dev.hsu.app.config.yaml.YamlSyntaxException;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.validate.Problem;
import dev.hsu.core.validate.UnitValidator;
import dev.hsu.spi.PlatformCapabilities;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads an HSU configuration file: YAML → located tree → {@link MasterConfig} and
 * {@link ManagedUnit}s → the core's {@link UnitValidator} against this platform's capabilities.
 * Every problem of the file is collected and reported together, each with its file, line,
 * column, unit and field.
 *
 * <p>File layout:
 * <pre>{@code
 * master:                 # optional
 *   log_directory: ./logs # default: logs/ next to this file
 *   strict_limits: true   # unenforceable resource limit = error (false: warning)
 *   start_concurrency: 16 # units launching at once
 *   metrics_listen: 127.0.0.1:9273 # optional plain-HTTP GET /metrics
 *   control_tcp: {listen: 127.0.0.1:7070, token_file: ./token}  # opt-in, see ControlTcpConfig
 *   on_crash: kill-units  # or keep-units: units outlive a crashed master, the next re-attaches
 * units:
 *   web:
 *     executable: python3
 *     args: [-m, http.server, 8080]
 * }</pre>
 *
 * <p>Thread-safety: an instance may be used by several threads at once.
 */
public final class ConfigLoader {
    static final List<String> TOP_KEYS = List.of("master", "units");
    static final List<String> MASTER_KEYS = List.of("log_directory", "strict_limits", "start_concurrency",
            "metrics_listen", "control_tcp", "on_crash");

    private final Supplier<PlatformCapabilities> capabilities;
    private final YamlReader reader = new YamlReader();
    private final Map<String, String> environment;
    private final Accounts accounts;

    /** @param capabilities what the selected platform can enforce, for limit validation */
    public ConfigLoader(PlatformCapabilities capabilities) {
        Objects.requireNonNull(capabilities, "capabilities");
        this.capabilities = () -> capabilities;
        this.environment = Map.copyOf(System.getenv());
        this.accounts = Accounts.system();
    }

    /**
     * For callers that select the platform while the file is read: {@code capabilities} is
     * called once per {@link #load}, after the YAML was read and mapped, and only if some unit was
     * mapped. An exception it throws propagates out of {@link #load}.
     */
    public ConfigLoader(Supplier<PlatformCapabilities> capabilities) {
        this(capabilities, System.getenv(), Accounts.system());
    }

    /**
     * @param environment the master's environment, which {@code ${...}} in units sees (the one
     *     the master gives its units)
     * @param accounts where {@code user:} and {@code group:} are looked up
     */
    public ConfigLoader(Supplier<PlatformCapabilities> capabilities, Map<String, String> environment,
                        Accounts accounts) {
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.environment = Map.copyOf(environment);
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /**
     * Loads {@code file}.
     *
     * @throws ConfigException with every problem of the file, if it has at least one error
     */
    public LoadedConfig load(Path file) throws ConfigException {
        Problems problems = new Problems(file.toString());
        YamlNode root = read(file, problems);
        if (root == null) {
            if (!problems.hasErrors()) {
                problems.error(Location.START, null, null,
                        "the file is empty; it needs a 'units:' map, e.g. units: {web: {executable: ./server}}");
            }
            throw new ConfigException(problems.inFileOrder());
        }
        Path baseDirectory = file.toAbsolutePath().normalize().getParent();
        Scope top = new Scope(problems, null, root.location());
        if (!(root instanceof YamlMap rootMap)) {
            top.error(root.location(), null, "the file must be a map with 'master:' and 'units:', got " + root.describe());
            throw new ConfigException(problems.inFileOrder());
        }
        Section topSection = new Section(top, rootMap, "");
        topSection.checkKeys(TOP_KEYS);
        MasterConfig master = master(topSection, baseDirectory);
        Map<String, Scope> scopes = new HashMap<>();
        List<ManagedUnit> units = units(topSection, problems, new UnitMapper(baseDirectory, master, environment, accounts), scopes);
        if (!units.isEmpty()) {
            Location unitsAt = topSection.at("units");
            for (Problem p : UnitValidator.validateAll(units, capabilities.get(), master.strictLimits())) {
                addValidatorProblem(p, problems, scopes, unitsAt);
            }
        }
        List<ConfigProblem> all = problems.inFileOrder();
        if (problems.hasErrors()) {
            throw new ConfigException(all);
        }
        return new LoadedConfig(file, master, units, all);
    }

    private YamlNode read(Path file, Problems problems) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return reader.read(r);
        } catch (YamlSyntaxException e) {
            problems.error(e.location(), null, null, e.getMessage());
        } catch (NoSuchFileException e) {
            problems.error(null, null, null, "no such file; check the path (working directory: "
                    + Path.of("").toAbsolutePath() + ")");
        } catch (AccessDeniedException e) {
            problems.error(null, null, null, "permission denied; make the file readable by this user");
        } catch (CharacterCodingException e) {
            problems.error(null, null, null, "is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            problems.error(null, null, null, "cannot be read: " + e.getMessage());
        }
        return null;
    }

    private static MasterConfig master(Section top, Path baseDirectory) {
        MasterConfig defaults = MasterConfig.defaults(baseDirectory);
        Section m = top.section("master");
        if (m == null) {
            return defaults;
        }
        m.checkKeys(MASTER_KEYS);
        Path logDirectory = m.path("log_directory", baseDirectory);
        Boolean strict = m.bool("strict_limits");
        Long concurrency = m.integer("start_concurrency", 1, 10_000);
        MetricsListen metrics = null;
        if (m.has("metrics_listen")) {
            YamlNode n = m.node("metrics_listen");
            String text = n instanceof dev.hsu.app.config.yaml.YamlScalar s ? s.text() : null;
            if (text == null) {
                m.wrongType("metrics_listen", n, "an address such as 127.0.0.1:9273 or a port");
            } else {
                try {
                    metrics = MetricsListen.parse(text);
                    if (!metrics.isLoopback()) {
                        m.warning("metrics_listen", "binds " + metrics + ", reachable from other hosts without "
                                + "authentication; use 127.0.0.1:" + metrics.port() + " unless that is intended");
                    }
                } catch (IllegalArgumentException e) {
                    m.error("metrics_listen", e.getMessage());
                }
            }
        }
        return new MasterConfig(logDirectory != null ? logDirectory : defaults.logDirectory(),
                strict != null ? strict : defaults.strictLimits(),
                concurrency != null ? concurrency.intValue() : defaults.startConcurrency(), metrics,
                MasterOptionsMapper.controlTcp(m, baseDirectory), MasterOptionsMapper.keepUnitsOnCrash(m));
    }

    private static List<ManagedUnit> units(Section top, Problems problems, UnitMapper mapper, Map<String, Scope> scopes) {
        List<ManagedUnit> units = new ArrayList<>();
        if (!top.has("units")) {
            problems.error(top.map().location(), null, "units",
                    "is missing: nothing to supervise; add units: {web: {executable: ./server}}");
            return units;
        }
        YamlNode node = top.node("units");
        if (node == null) {
            return units; // "units:" with nothing: a valid file with no unit yet
        }
        if (!(node instanceof YamlMap map)) {
            top.wrongType("units", node, "a map of unit name to settings");
            return units;
        }
        Map<String, Location> seen = new LinkedHashMap<>();
        for (YamlMap.Entry e : map.entries()) {
            Location first = seen.putIfAbsent(e.key(), e.keyLocation());
            if (first != null) {
                problems.error(e.keyLocation(), e.key(), null, "duplicate unit name: a unit '" + e.key()
                        + "' is already defined at line " + first.line() + "; unit names must be unique, rename one");
                continue;
            }
            Scope scope = new Scope(problems, e.key(), e.keyLocation());
            scopes.put(e.key(), scope);
            ManagedUnit unit = mapper.map(scope, e.value());
            if (unit != null) {
                units.add(unit);
            }
        }
        return units;
    }

    private static void addValidatorProblem(Problem p, Problems problems, Map<String, Scope> scopes, Location unitsAt) {
        // The mapper checks many of the same rules on the YAML: report each fault once.
        if (p.isError() && problems.hasErrorOn(p.unit(), p.field())) {
            return;
        }
        Scope scope = scopes.get(p.unit());
        Location at = scope != null ? scope.locate(p.field()) : unitsAt;
        String field = p.field().isEmpty() ? null : p.field();
        if (p.isError()) {
            problems.error(at, p.unit(), field, p.message());
        } else {
            problems.warning(at, p.unit(), field, p.message());
        }
    }
}

package dev.hsu.app.ops;

import dev.hsu.app.config.ConfigException;
import dev.hsu.app.config.ConfigLoader;
import dev.hsu.app.config.LoadedConfig;
import dev.hsu.app.config.MasterConfig;
import dev.hsu.core.Master;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.validate.InvalidUnitException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code hsu reload} and SIGHUP: reads the configuration file again, validates all of it first
 * (an invalid file changes nothing and the outcome lists its problems), then applies only the
 * difference with what runs: units that are new are registered and started (by
 * {@code auto_start}); units no longer in the file are stopped and removed; units whose
 * definition changed are stopped, replaced and started again if they were running (scheduled
 * ones armed again); pools whose size alone changed ({@code replicas}, {@code min_ready}) keep the
 * replicas they still have, stop those beyond the new size and add the new ones
 * ({@link Master#rescale}); units that did not change are not touched: same process, same pid. Settings of {@code master:} take effect only at the master's next start (the outcome warns
 * about those that changed).
 *
 * <p>Thread-safety: reloads are serialized; each blocks its caller until applied (removed and
 * changed units within their graceful timeouts).
 */
public final class Reloader {
    private final Master master;
    private final Path file;
    private final ConfigLoader loader;
    private final MasterConfig masterConfig;

    /**
     * @param file the configuration file the master was started with
     * @param loader validates against this master's platform
     * @param masterConfig the {@code master:} settings in force
     */
    public Reloader(Master master, Path file, ConfigLoader loader, MasterConfig masterConfig) {
        this.master = Objects.requireNonNull(master, "master");
        this.file = Objects.requireNonNull(file, "file");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.masterConfig = Objects.requireNonNull(masterConfig, "masterConfig");
    }

    public Path file() {
        return file;
    }

    /**
     * Reloads.
     *
     * @throws IllegalStateException if the master is shutting down
     */
    public synchronized ReloadOutcome reload() {
        LoadedConfig next;
        try {
            next = loader.load(file);
        } catch (ConfigException e) {
            return new ReloadOutcome(file.toString(), e.problems(), List.of(), List.of(), List.of(), List.of(),
                    List.of(), List.of());
        }
        List<String> warnings = new ArrayList<>();
        next.warnings().forEach(w -> warnings.add(w.toString()));
        if (!next.master().equals(masterConfig)) {
            warnings.add("the master: section changed; it takes effect at the master's next start");
        }
        Map<String, ManagedUnit> wanted = new LinkedHashMap<>();
        next.units().forEach(u -> wanted.put(u.name(), u));
        Map<String, UnitStatus> running = new LinkedHashMap<>();
        master.statuses().forEach(s -> running.put(s.name(), s));

        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<ManagedUnit> rescaled = new ArrayList<>();
        List<String> scaled = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        Set<String> wasActive = new HashSet<>();
        for (String name : running.keySet()) {
            ManagedUnit now = master.unit(name).orElse(null);
            ManagedUnit then = wanted.get(name);
            if (then == null) {
                removed.add(name);
            } else if (then.isRescaleOf(now)) {
                rescaled.add(then);
                scaled.add(name + ": " + now.replicas() + " -> " + then.replicas() + " replicas"
                        + (Objects.equals(now.minReady(), then.minReady()) ? "" : ", min_ready " + minReady(then)));
            } else if (!then.equals(now)) {
                changed.add(name);
                if (isActive(running.get(name))) {
                    wasActive.add(name);
                }
            } else {
                unchanged.add(name);
            }
        }
        for (String name : wanted.keySet()) {
            if (!running.containsKey(name)) {
                added.add(name);
            }
        }
        // Take out what goes (each stopped within its graceful timeout), then put in what comes:
        // the units registered then are exactly those of the new file, which was found acyclic.
        List<CompletableFuture<Void>> out = new ArrayList<>();
        for (String name : removed) {
            out.add(master.unregisterAsync(name));
        }
        for (String name : changed) {
            out.add(master.unregisterAsync(name));
        }
        for (ManagedUnit pool : rescaled) {
            out.add(master.rescale(pool));
        }
        CompletableFuture.allOf(out.toArray(CompletableFuture[]::new)).join();
        List<String> failed = new ArrayList<>();
        for (String name : wanted.keySet()) {
            if (added.contains(name) || changed.contains(name)) {
                try {
                    master.register(wanted.get(name));
                } catch (InvalidUnitException e) {
                    failed.add(name);
                    warnings.add("unit " + name + " could not be registered: " + e.getMessage());
                }
            }
        }
        // New units and changed scheduled ones start by auto_start (a schedule is armed); changed
        // units that ran start again whatever auto_start says.
        Set<String> skip = new HashSet<>(wanted.keySet());
        for (String name : added) {
            skip.remove(name);
        }
        for (String name : changed) {
            ManagedUnit u = wanted.get(name);
            if (u.schedule() != null) {
                skip.remove(name);
            } else if (wasActive.contains(name) && !failed.contains(name)) {
                master.start(name);
            }
        }
        skip.addAll(failed);
        master.startAll(skip);
        return new ReloadOutcome(file.toString(), List.of(), added, removed, changed, scaled, unchanged, warnings);
    }

    private static String minReady(ManagedUnit u) {
        return u.minReady() == null ? "all" : u.minReady().toString();
    }

    private static boolean isActive(UnitStatus s) {
        if (!s.replicas().isEmpty()) {
            return s.replicas().stream().anyMatch(Reloader::isActive);
        }
        UnitState st = s.state();
        return st == UnitState.RUNNING || st == UnitState.STARTING || st == UnitState.BACKOFF
                || st == UnitState.WAITING;
    }
}

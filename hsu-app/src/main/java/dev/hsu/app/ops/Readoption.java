package dev.hsu.app.ops;

import dev.hsu.core.KeptUnits;
import dev.hsu.core.Master;
import dev.hsu.core.RestartSeries;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.spi.AdoptionRecord;
import dev.hsu.spi.LaunchedProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * At a master's start, before any unit starts: takes over what the previous master on the same
 * state directory left (see {@link StateFile}). A unit of the file whose process still runs (same
 * pid and start time) is re-attached, keeping its pid; a process of a unit that is no longer in
 * the file, or whose output went through the old master's pipes, is stopped (tree and all); a
 * unit a user had stopped stays stopped, a completed job is not run again. A re-attached unit
 * whose definition changed while no master ran is restarted, as a reload would. A unit whose
 * definition did not change continues its restart series, if it runs again or still runs: a
 * crash loop does not get a fresh {@code max_retries} or restart window from a master restart.
 * A unit that had given up ({@code FAILED}) starts afresh, as after a user's start.
 *
 * <p>Not thread-safe: run once, on the starting thread.
 */
public final class Readoption {

    /**
     * @param adopted instance name → pid, of the processes re-attached
     * @param changed units re-attached whose definition changed: to restart once started
     * @param skip units not to start (a user had stopped them, or they completed)
     * @param messages what happened, one sentence each, for the master's output
     */
    public record Outcome(Map<String, Long> adopted, List<String> changed, Set<String> skip, List<String> messages) {
        public static final Outcome NOTHING = new Outcome(Map.of(), List.of(), Set.of(), List.of());
    }

    private Readoption() {
    }

    public static Outcome run(Master master, StateFile file) {
        Optional<UnitsState> read;
        try {
            read = file.read();
        } catch (IOException e) {
            return new Outcome(Map.of(), List.of(), Set.of(), List.of("hsu: " + e.getMessage()
                    + "; starting every unit afresh"));
        }
        if (read.isEmpty()) {
            return Outcome.NOTHING;
        }
        UnitsState state = read.get();
        Map<String, Long> adopted = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        Set<String> skip = new LinkedHashSet<>();
        List<String> messages = new ArrayList<>();
        List<String> continued = new ArrayList<>();
        for (Map.Entry<String, UnitsState.Unit> e : state.units().entrySet()) {
            String name = e.getKey();
            UnitsState.Unit recorded = e.getValue();
            Optional<ManagedUnit> unit = master.unit(name);
            if (unit.isEmpty()) {
                for (AdoptionRecord r : recorded.processes().values()) {
                    if (stop(master, r)) {
                        messages.add("hsu: unit " + name + " is no longer in the configuration: its process " + r.pid()
                                + ", left running by the previous master, was stopped");
                    }
                }
                continue;
            }
            Optional<String> notKeepable = KeptUnits.whyNotKeepable(unit.get());
            boolean any = false;
            for (Map.Entry<String, AdoptionRecord> p : recorded.processes().entrySet()) {
                String instance = p.getKey();
                AdoptionRecord r = p.getValue();
                Optional<UnitStatus> registered = master.status(instance);
                if (registered.isEmpty() || notKeepable.isPresent()) {
                    if (stop(master, r)) {
                        messages.add("hsu: unit " + instance + ": its process " + r.pid() + " left by the previous "
                                + "master was stopped: " + (registered.isEmpty() ? "the pool has fewer replicas now"
                                : notKeepable.get()));
                    }
                    continue;
                }
                UnitStatus after;
                try {
                    after = master.adopt(instance, r).join();
                } catch (RuntimeException ex) {
                    messages.add("hsu: unit " + instance + ": cannot re-attach to pid " + r.pid() + ": " + ex.getMessage());
                    continue;
                }
                if (after.state() == UnitState.RUNNING && after.pid() == r.pid()) {
                    adopted.put(instance, r.pid());
                    any = true;
                }
            }
            boolean known = !recorded.definition().isEmpty();
            // The fingerprint (a digest of the whole definition) only when something depends on it.
            boolean same = known && (any || !recorded.restarts().isEmpty())
                    && recorded.definition().equals(StatePersister.fingerprint(unit.get()));
            if (any && known && !same) {
                changed.add(name);
                messages.add("hsu: unit " + name + " changed in the configuration while no master ran: restarting it");
            }
            if (same) {
                continueSeries(master, recorded, unit.get(), adopted, continued);
            }
            if (!any && (recorded.desired() == UnitsState.Desired.STOPPED
                    || recorded.desired() == UnitsState.Desired.COMPLETED)) {
                skip.add(name);
                if (recorded.desired() == UnitsState.Desired.STOPPED && unit.get().schedule() != null) {
                    master.stop(name); // a user had paused its schedule: shown as paused, not as never armed
                }
            }
        }
        if (!continued.isEmpty()) {
            messages.add("hsu: " + continued.size() + " unit(s) continue the restart series the previous master left "
                    + "(restarts used): " + String.join(", ", continued.subList(0, Math.min(10, continued.size())))
                    + (continued.size() > 10 ? ", ..." : ""));
        }
        if (!adopted.isEmpty()) {
            messages.add(0, "hsu: re-attached to " + adopted.size() + " unit process(es) left running by the previous "
                    + "master (pid " + state.masterPid() + "): " + adopted);
        }
        return new Outcome(adopted, changed, skip, messages);
    }

    /**
     * Hands the next master the restart series of {@code unit}'s instances that it re-attached to,
     * or that it starts now; adds "instance (restarts used)" to {@code continued} for each. A
     * scheduled unit is not started now, and each firing begins a series of its own.
     */
    private static void continueSeries(Master master, UnitsState.Unit recorded, ManagedUnit unit,
                                       Map<String, Long> adopted, List<String> continued) {
        boolean startsNow = recorded.desired() == UnitsState.Desired.RUNNING && unit.autoStart()
                && unit.schedule() == null;
        for (Map.Entry<String, RestartSeries> r : recorded.restarts().entrySet()) {
            if ((startsNow || adopted.containsKey(r.getKey())) && master.status(r.getKey()).isPresent()) {
                master.restoreRestartSeries(r.getKey(), r.getValue()).join();
                continued.add(r.getKey() + " (" + r.getValue().attempts() + ")");
            }
        }
    }

    /** Adopts the process only to end it with its whole tree. @return whether it was still running */
    private static boolean stop(Master master, AdoptionRecord r) {
        try {
            Optional<LaunchedProcess> p = master.platform().launcher().adopt(r);
            if (p.isEmpty()) {
                return false;
            }
            master.platform().signaller().killTree(p.get());
            master.platform().limiter().release(p.get().confinement());
            return true;
        } catch (dev.hsu.spi.LaunchException | RuntimeException e) {
            return false;
        }
    }
}

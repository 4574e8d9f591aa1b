package dev.hsu.core;

import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of {@link Master#shutdownKeepingUnits()}: which instances were left running for the
 * next master, and which were stopped because they cannot outlive this one. Immutable.
 *
 * @param kept instance names (units, or replicas of a pool) whose process keeps running, by pid
 * @param stopped instance names that were stopped (or had no process), each with why it was not kept
 */
public record KeptUnits(Map<String, Long> kept, Map<String, String> stopped) {

    public KeptUnits {
        kept = Map.copyOf(kept);
        stopped = Map.copyOf(stopped);
    }

    /**
     * Why {@code unit} cannot keep running across a master restart, or empty if it can: output
     * that goes to the master's console, or to a {@code log} file the master writes, passes
     * through a pipe the master reads, and that pipe ends with the master (the unit would lose its
     * output, or die of SIGPIPE). Output to a {@code file} (the unit writes it itself) or
     * discarded is fine.
     */
    public static Optional<String> whyNotKeepable(ManagedUnit unit) {
        List<String> piped = new java.util.ArrayList<>(2);
        if (throughMaster(unit.stdout())) {
            piped.add("stdout");
        }
        if (throughMaster(unit.stderr())) {
            piped.add("stderr");
        }
        if (piped.isEmpty()) {
            return Optional.empty();
        }
        String which = String.join(" and ", piped);
        boolean console = unit.stdout() instanceof OutputRedirect.Console || unit.stderr() instanceof OutputRedirect.Console;
        return Optional.of("its " + which + " go" + (piped.size() == 1 ? "es" : "") + " to the master's "
                + (console ? "console" : "log writer") + " through a pipe that ends with the master; send " + which
                + " to a file the unit writes itself (file:) to keep it running across master restarts");
    }

    private static boolean throughMaster(OutputRedirect r) {
        return r instanceof OutputRedirect.Console || r instanceof OutputRedirect.Log;
    }
}

package dev.hsu.app.ops;

import dev.hsu.app.config.ConfigProblem;
import java.util.List;

/**
 * What a reload did. Immutable.
 *
 * @param file the configuration file read
 * @param problems when non-empty, the file was invalid and nothing changed; each names its place
 * @param added units that were added (and started if {@code auto_start})
 * @param removed units that were stopped and removed
 * @param changed units whose definition changed: stopped, replaced, and started again if they
 *     ran (or armed, if scheduled)
 * @param scaled pools whose size alone changed ({@code replicas}, {@code min_ready}), as
 *     {@code "web: 4 -> 2 replicas"}: the replicas they keep were not touched
 * @param unchanged units left as they were (same processes)
 * @param warnings settings that changed but take effect only at the master's next start, and
 *     warnings of the file
 */
public record ReloadOutcome(String file, List<ConfigProblem> problems, List<String> added, List<String> removed,
                            List<String> changed, List<String> scaled, List<String> unchanged,
                            List<String> warnings) {

    public ReloadOutcome {
        problems = List.copyOf(problems);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        scaled = List.copyOf(scaled);
        unchanged = List.copyOf(unchanged);
        warnings = List.copyOf(warnings);
    }

    /** True when the file was applied. */
    public boolean applied() {
        return problems.isEmpty();
    }

    /** One line for the master's output. */
    public String summary() {
        if (!applied()) {
            return "reload of " + file + " refused: " + problems.size() + " problem(s); nothing was changed";
        }
        return "reloaded " + file + ": added " + added + ", removed " + removed + ", changed " + changed
                + (scaled.isEmpty() ? "" : ", scaled " + scaled) + ", " + unchanged.size() + " unchanged";
    }
}

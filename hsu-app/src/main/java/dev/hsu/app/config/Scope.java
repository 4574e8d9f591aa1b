package dev.hsu.app.config;

import dev.hsu.app.config.yaml.Location;
import java.util.HashMap;
import java.util.Map;

/**
 * Where mapping happens: a unit (or the master section), the sink for its problems, and the
 * location of every field read, so that problems found later (by the core's validator) can be
 * placed in the file by their field path.
 */
final class Scope {
    private final Problems problems;
    private final String unit;
    private final Location origin;
    private final Map<String, Location> fields = new HashMap<>();

    /**
     * @param unit the unit's name, or null for the master section
     * @param origin where the unit (or section) is written, for problems about it as a whole
     */
    Scope(Problems problems, String unit, Location origin) {
        this.problems = problems;
        this.unit = unit;
        this.origin = origin;
    }

    String unit() {
        return unit;
    }

    Location origin() {
        return origin;
    }

    void record(String field, Location at) {
        fields.putIfAbsent(field, at);
    }

    /**
     * The location of {@code field}, else of its closest recorded parent ({@code resources} for
     * {@code resources.memory}), else of the unit itself.
     */
    Location locate(String field) {
        String f = field == null ? "" : field;
        while (!f.isEmpty()) {
            Location at = fields.get(f);
            if (at != null) {
                return at;
            }
            int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
            f = cut < 0 ? "" : f.substring(0, cut);
        }
        return origin;
    }

    void error(Location at, String field, String message) {
        problems.error(at, unit, field, message);
    }

    void warning(Location at, String field, String message) {
        problems.warning(at, unit, field, message);
    }
}

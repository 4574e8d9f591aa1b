package dev.hsu.app.config;

import dev.hsu.app.config.yaml.Location;
import dev.hsu.app.config.yaml.YamlList;
import dev.hsu.app.config.yaml.YamlMap;
import dev.hsu.app.config.yaml.YamlNode;
import dev.hsu.app.config.yaml.YamlScalar;
import dev.hsu.core.unit.Dependency;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps {@code depends_on:}: a list of unit names (condition started), or a map from name to
 * {@code {condition: started|healthy|completed}} (or just the condition, or nothing for started).
 * Whether the names exist and form no cycle is checked by the core's validator over all units.
 */
final class DependencyMapper {
    private static final List<Dependency.Condition> CONDITIONS = Arrays.asList(Dependency.Condition.values());

    private DependencyMapper() {
    }

    static List<Dependency> map(Section unit) {
        YamlNode n = unit.node("depends_on");
        List<Dependency> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        Set<String> seen = new LinkedHashSet<>();
        if (n instanceof YamlList list) {
            for (int i = 0; i < list.items().size(); i++) {
                YamlNode item = list.items().get(i);
                String field = "depends_on[" + i + "]";
                if (item instanceof YamlScalar s && s.kind() == YamlScalar.Kind.STRING && !s.text().isBlank()) {
                    add(unit, out, seen, s.text(), Dependency.Condition.STARTED, item.location(), field);
                } else {
                    unit.scope().error(item.location(), field, "must be a unit name, got " + item.describe());
                }
            }
        } else if (n instanceof YamlMap) {
            Section deps = unit.section("depends_on");
            for (YamlMap.Entry e : deps.map().entries()) {
                Dependency.Condition c = condition(deps, e);
                if (c != null) {
                    add(unit, out, seen, e.key(), c, e.keyLocation(), "depends_on." + e.key());
                }
            }
        } else {
            unit.wrongType("depends_on", n, "a list of unit names, or a map of name to {condition: "
                    + "started|healthy|completed}");
        }
        return out;
    }

    private static Dependency.Condition condition(Section deps, YamlMap.Entry e) {
        YamlNode v = deps.node(e.key());
        if (v == null) {
            return Dependency.Condition.STARTED;
        }
        if (v instanceof YamlScalar) {
            return deps.choice(e.key(), CONDITIONS, DependencyMapper::spelling);
        }
        Section d = deps.section(e.key());
        if (d == null) {
            return null;
        }
        d.checkKeys(List.of("condition"));
        Dependency.Condition c = d.choice("condition", CONDITIONS, DependencyMapper::spelling);
        return c == null && !d.has("condition") ? Dependency.Condition.STARTED : c;
    }

    private static void add(Section unit, List<Dependency> out, Set<String> seen, String name,
                            Dependency.Condition condition, Location at, String field) {
        if (!seen.add(name)) {
            unit.scope().error(at, field, "'" + name + "' is listed twice (keep one)");
            return;
        }
        // The validator names dependencies by their index in the unit's list: record that too.
        unit.scope().record("depends_on[" + out.size() + "]", at);
        out.add(new Dependency(name, condition));
    }

    private static String spelling(Dependency.Condition c) {
        return c.name().toLowerCase(Locale.ROOT);
    }
}

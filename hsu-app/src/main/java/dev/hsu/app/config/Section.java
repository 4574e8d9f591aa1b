package dev.hsu.app.config;

import dev.hsu.app.config.yaml.Location;
import dev.hsu.app.config.yaml.YamlList;
import dev.hsu.app.config.yaml.YamlMap;
import dev.hsu.app.config.yaml.YamlNode;
import dev.hsu.app.config.yaml.YamlScalar;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed, located access to one YAML map of the configuration ({@code restart:}, a unit, ...).
 *
 * <p>Every getter returns null when the key is absent, when its value is YAML null ({@code key:}
 * with nothing after it, which means "use the default"), or when the value is wrong, in which
 * case the problem has been reported with the value's location, the field path and what would be
 * accepted. Mapping therefore continues after an error and finds the next one.
 */
final class Section {
    private final Scope scope;
    private final YamlMap map;
    private final String path;

    /**
     * @param path the field path of this map inside the scope ({@code ""} for the unit itself,
     *     {@code restart}, {@code master})
     */
    Section(Scope scope, YamlMap map, String path) {
        this.scope = scope;
        this.map = map;
        this.path = path;
    }

    Scope scope() {
        return scope;
    }

    YamlMap map() {
        return map;
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports keys not in {@code known} (with a suggestion) and keys written twice. */
    void checkKeys(Collection<String> known) {
        Map<String, Location> seen = new HashMap<>();
        for (YamlMap.Entry e : map.entries()) {
            Location first = seen.putIfAbsent(e.key(), e.keyLocation());
            if (first != null) {
                scope.error(e.keyLocation(), field(e.key()), "duplicate key; it is already set at line "
                        + first.line() + ", column " + first.column() + " (keep one of them)");
            } else if (!known.contains(e.key())) {
                scope.error(e.keyLocation(), field(e.key()), "unknown key" + Suggestions.closest(e.key(), known)
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse("; valid keys here: " + String.join(", ", known)));
            }
        }
    }

    /** The value of {@code key}, recording its location; null if absent or YAML null. */
    YamlNode node(String key) {
        YamlMap.Entry e = map.entry(key);
        if (e == null) {
            return null;
        }
        Location at = e.value() instanceof YamlScalar ? e.value().location() : e.keyLocation();
        scope.record(field(key), at);
        return e.value() instanceof YamlScalar s && s.isNull() ? null : e.value();
    }

    /** Whether the key is written (even with an empty value). */
    boolean has(String key) {
        return map.entry(key) != null;
    }

    /** Where {@code key} is written (its value for a scalar), or where this map starts. */
    Location at(String key) {
        YamlMap.Entry e = map.entry(key);
        if (e == null) {
            return map.location();
        }
        return e.value() instanceof YamlScalar ? e.value().location() : e.keyLocation();
    }

    void error(String key, String message) {
        scope.error(at(key), field(key), message);
    }

    void warning(String key, String message) {
        scope.warning(at(key), field(key), message);
    }

    /** A nested map. */
    Section section(String key) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof YamlMap m) {
            return new Section(scope, m, field(key));
        }
        wrongType(key, n, "a map of settings");
        return null;
    }

    /** Any scalar's text as written ({@code 8080}, {@code yes} and {@code web} alike). */
    String text(String key) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof YamlScalar s) {
            return s.text();
        }
        wrongType(key, n, "a string");
        return null;
    }

    Boolean bool(String key) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof YamlScalar s && s.kind() == YamlScalar.Kind.BOOLEAN) {
            return s.bool();
        }
        wrongType(key, n, "true or false");
        return null;
    }

    /** An integer in {@code [min, max]}. */
    Long integer(String key, long min, long max) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof YamlScalar s) || s.kind() != YamlScalar.Kind.INTEGER) {
            wrongType(key, n, "a whole number");
            return null;
        }
        if (!(s.number() instanceof Long v) || v < min || v > max) {
            boolean tooLarge = !(s.number() instanceof Long) ? s.number().doubleValue() > 0 : ((Long) s.number()) > max;
            error(key, range(min, max, tooLarge) + " (got " + s.text() + ")");
            return null;
        }
        return v;
    }

    /** A number (integer or decimal) in {@code [min, max]}; {@code minExclusive} makes it {@code (min, max]}. */
    Double number(String key, double min, boolean minExclusive, double max) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof YamlScalar s)
                || (s.kind() != YamlScalar.Kind.INTEGER && s.kind() != YamlScalar.Kind.FLOAT)) {
            wrongType(key, n, "a number");
            return null;
        }
        double v = s.number().doubleValue();
        if (Double.isNaN(v) || v < min || (minExclusive && v == min) || v > max) {
            String rule = minExclusive
                    ? (max == Double.MAX_VALUE ? "must be > " + fmt(min) : "must be > " + fmt(min) + " and <= " + fmt(max))
                    : (max == Double.MAX_VALUE ? "must be >= " + fmt(min) : "must be between " + fmt(min) + " and " + fmt(max));
            error(key, rule + " (got " + s.text() + ")");
            return null;
        }
        return v;
    }

    /** A byte size (see {@link Sizes}) of at least {@code min}; with {@code perSecond}, a trailing {@code /s} is allowed. */
    Long size(String key, long min, boolean perSecond) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof YamlScalar s)) {
            wrongType(key, n, "a size (" + Sizes.ACCEPTED_FORMS + ")");
            return null;
        }
        long bytes;
        try {
            if (s.kind() == YamlScalar.Kind.INTEGER) {
                if (!(s.number() instanceof Long v)) {
                    throw new IllegalArgumentException("'" + s.text() + "' is too large");
                }
                if (v < 0) {
                    throw new IllegalArgumentException("must not be negative (got " + s.text() + ")");
                }
                bytes = v;
            } else {
                String text = s.text();
                if (perSecond && text.endsWith("/s")) {
                    text = text.substring(0, text.length() - 2);
                }
                bytes = Sizes.parse(text);
            }
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return null;
        }
        if (bytes < min) {
            error(key, "must be at least " + Sizes.format(min) + " (got " + s.text() + ")");
            return null;
        }
        return bytes;
    }

    /** A duration (see {@link Durations}); {@code positive} rejects zero. */
    Duration duration(String key, boolean positive) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof YamlScalar s) || s.kind() == YamlScalar.Kind.BOOLEAN) {
            wrongType(key, n, "a duration (" + Durations.ACCEPTED_FORMS + ")");
            return null;
        }
        if (s.kind() == YamlScalar.Kind.FLOAT && !Double.isFinite(s.number().doubleValue())) {
            error(key, "'" + s.text() + "' is not a duration; use " + Durations.ACCEPTED_FORMS);
            return null;
        }
        Duration d;
        try {
            d = switch (s.kind()) {
                case INTEGER, FLOAT -> Durations.ofSeconds(new BigDecimal(s.number().toString()), s.text());
                default -> Durations.parse(s.text());
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            error(key, e.getMessage());
            return null;
        }
        if (positive && d.isZero()) {
            error(key, "must be greater than zero (got " + s.text() + ")");
            return null;
        }
        return d;
    }

    /**
     * One of a closed set of words. Matching ignores case and treats {@code -} and {@code _} alike.
     *
     * @param spelling how each value is written in the file
     */
    <E> E choice(String key, Collection<E> values, Function<E, String> spelling) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        List<String> accepted = values.stream().map(spelling).toList();
        if (n instanceof YamlScalar s) {
            String wanted = normalize(s.text());
            for (E v : values) {
                if (normalize(spelling.apply(v)).equals(wanted)) {
                    return v;
                }
            }
            error(key, "must be one of " + String.join(", ", accepted) + " (got '" + s.text() + "')"
                    + Suggestions.closest(s.text(), accepted).map(x -> "; did you mean '" + x + "'?").orElse(""));
            return null;
        }
        wrongType(key, n, "one of " + String.join(", ", accepted));
        return null;
    }

    private static String normalize(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A list of strings; numbers and booleans are taken as written ({@code 8080} → {@code "8080"}). */
    List<String> strings(String key) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof YamlList list)) {
            wrongType(key, n, "a list of strings, e.g. [\"--port\", \"8080\"]");
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            String itemField = field(key) + "[" + i + "]";
            scope.record(itemField, item.location());
            if (item instanceof YamlScalar s && !s.isNull()) {
                out.add(s.text());
            } else {
                scope.error(item.location(), itemField, "must be a string, got " + item.describe()
                        + (item instanceof YamlScalar ? " (write \"\" for an empty argument)" : ""));
                ok = false;
            }
        }
        return ok ? out : null;
    }

    /** A map of strings to strings; scalar values are taken as written. */
    Map<String, String> stringMap(String key) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof YamlMap m)) {
            wrongType(key, n, "a map of names to values, e.g. {LANG: C.UTF-8}");
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (YamlMap.Entry e : m.entries()) {
            String entryField = field(key) + "." + e.key();
            scope.record(entryField, e.value().location());
            if (out.containsKey(e.key())) {
                scope.error(e.keyLocation(), entryField, "duplicate key (keep one of them)");
                ok = false;
            } else if (e.value() instanceof YamlScalar s && !s.isNull()) {
                out.put(e.key(), s.text());
            } else {
                scope.error(e.value().location(), entryField, "must be a single value, got " + e.value().describe()
                        + (e.value() instanceof YamlScalar ? " (write \"\" for an empty value)" : ""));
                ok = false;
            }
        }
        return ok ? out : null;
    }

    /** A path; relative ones are resolved against {@code base}; a leading {@code ~/} is the user's home. */
    Path path(String key, Path base) {
        String text = text(key);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            error(key, "must not be empty; remove the key to use the default");
            return null;
        }
        return resolvePath(text, base, key);
    }

    Path resolvePath(String text, Path base, String key) {
        try {
            String t = text.equals("~") || text.startsWith("~/")
                    ? System.getProperty("user.home") + text.substring(1) : text;
            return base.resolve(t).normalize();
        } catch (InvalidPathException e) {
            error(key, "is not a valid path: " + e.getReason());
            return null;
        }
    }

    void wrongType(String key, YamlNode n, String expected) {
        error(key, "must be " + expected + ", got " + n.describe() + quotesHint(n, expected));
    }

    /** {@code "5"} where a number is wanted is a common slip: say so. */
    private static String quotesHint(YamlNode n, String expected) {
        if (!(n instanceof YamlScalar s) || s.kind() != YamlScalar.Kind.STRING) {
            return "";
        }
        boolean numeric = s.text().trim().matches("-?[0-9]+(\\.[0-9]+)?");
        boolean bool = s.text().trim().equalsIgnoreCase("true") || s.text().trim().equalsIgnoreCase("false");
        return (numeric && expected.contains("number")) || (bool && expected.contains("true or false"))
                ? " (remove the quotes)" : "";
    }

    /** The rule broken: the range, or for a bound that is only the type's limit, the side crossed. */
    private static String range(long min, long max, boolean tooLarge) {
        boolean noMax = max == Long.MAX_VALUE || max == Integer.MAX_VALUE;
        boolean noMin = min == Long.MIN_VALUE || min == Integer.MIN_VALUE;
        if (!noMax && !noMin) {
            return "must be between " + min + " and " + max;
        }
        return tooLarge ? "must be <= " + max : "must be >= " + min;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}

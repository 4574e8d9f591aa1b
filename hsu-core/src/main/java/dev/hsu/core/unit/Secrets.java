package dev.hsu.core.unit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What of a unit's configuration must never be shown: the environment variables whose values
 * came from an {@code env_file} (or were expanded from one), and those values themselves, so
 * that any text about the unit (a launch error naming a path, a status reason, a log line) can be
 * cleaned of them. Immutable.
 *
 * <p>Variables are masked by name wherever the environment is shown ({@link #mask}); free text is
 * cleaned by value ({@link #redact}), for values of at least {@link #MIN_REDACTED_LENGTH}
 * characters: a shorter value ({@code 1}, {@code on}) would garble every message while telling
 * nothing, and is still masked by name.
 *
 * @param keys the names of secret variables
 * @param values the secret values (empty strings are ignored)
 */
public record Secrets(Set<String> keys, Set<String> values) {

    /** What a secret is shown as. */
    public static final String MASK = "******";
    /** Values shorter than this are masked by name only, not searched for in text. */
    public static final int MIN_REDACTED_LENGTH = 4;
    public static final Secrets NONE = new Secrets(Set.of(), Set.of());

    public Secrets {
        keys = Set.copyOf(keys);
        values = Set.copyOf(values.stream().filter(v -> !v.isEmpty()).toList());
    }

    public boolean isEmpty() {
        return keys.isEmpty() && values.isEmpty();
    }

    /** Whether the variable {@code key} holds a secret. */
    public boolean isSecret(String key) {
        return keys.contains(key);
    }

    /** {@code environment} with every secret variable's value replaced by {@link #MASK}; order kept. */
    public Map<String, String> mask(Map<String, String> environment) {
        Map<String, String> out = new LinkedHashMap<>();
        environment.forEach((k, v) -> out.put(k, keys.contains(k) ? MASK : v));
        return out;
    }

    /** {@code text} with every occurrence of a secret value replaced by {@link #MASK}; null stays null. */
    public String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        List<String> longestFirst = new ArrayList<>(values);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String v : longestFirst) {
            if (v.length() >= MIN_REDACTED_LENGTH) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }

    /** Names the secret variables and counts the values, never shows them. */
    @Override
    public String toString() {
        return "Secrets[keys=" + new java.util.TreeSet<>(keys) + ", " + values.size() + " value(s)]";
    }

    /** These secrets and {@code other}'s. */
    public Secrets and(Secrets other) {
        Objects.requireNonNull(other, "other");
        if (other.isEmpty()) {
            return this;
        }
        java.util.Set<String> k = new java.util.HashSet<>(keys);
        k.addAll(other.keys);
        java.util.Set<String> v = new java.util.HashSet<>(values);
        v.addAll(other.values);
        return new Secrets(k, v);
    }
}

package dev.hsu.app.config.yaml;

import java.util.List;

/**
 * A YAML mapping, with every entry in file order, including repeated keys (which YAML forbids and
 * the configuration reports).
 *
 * @param location where the mapping starts
 * @param entries its entries
 */
public record YamlMap(Location location, List<Entry> entries) implements YamlNode {

    /**
     * One {@code key: value} pair.
     *
     * @param key the key's text
     * @param keyLocation where the key is written
     * @param value the value; a {@link YamlScalar} of kind NULL for {@code key:} with nothing after it
     */
    public record Entry(String key, Location keyLocation, YamlNode value) {
    }

    public YamlMap {
        entries = List.copyOf(entries);
    }

    /** The first entry with this key, or null. */
    public Entry entry(String key) {
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                return e;
            }
        }
        return null;
    }

    /** The value of the first entry with this key, or null. */
    public YamlNode get(String key) {
        Entry e = entry(key);
        return e == null ? null : e.value();
    }

    @Override
    public String describe() {
        return "a map";
    }
}

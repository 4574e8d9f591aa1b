package dev.hsu.app.config.yaml;

import java.util.List;

/**
 * A YAML sequence.
 *
 * @param location where the sequence starts
 * @param items its items, in file order
 */
public record YamlList(Location location, List<YamlNode> items) implements YamlNode {

    public YamlList {
        items = List.copyOf(items);
    }

    @Override
    public String describe() {
        return "a list";
    }
}

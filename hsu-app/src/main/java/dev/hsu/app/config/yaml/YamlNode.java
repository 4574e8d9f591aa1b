package dev.hsu.app.config.yaml;

/**
 * A node of a YAML document that remembers where it was written. Unlike Jackson's tree model it
 * keeps every map entry, duplicates included, so that callers can report them.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface YamlNode permits YamlMap, YamlList, YamlScalar {

    /** Where the node starts in the file. */
    Location location();

    /** A short description of the node's kind for messages, e.g. {@code a list}, {@code the number 3}. */
    String describe();
}

package dev.hsu.app.config.yaml;

import java.util.Objects;

/**
 * A scalar as written in the file.
 *
 * @param location where the value starts
 * @param kind how YAML resolved the plain scalar (a quoted scalar is always {@link Kind#STRING})
 * @param text the scalar's text exactly as written, without quotes ({@code 0x1F}, {@code yes},
 *     {@code 1.50}, {@code ~})
 * @param number the parsed value for {@link Kind#INTEGER} ({@code Long} or {@code BigInteger})
 *     and {@link Kind#FLOAT} ({@code Double}); null otherwise
 * @param bool the value for {@link Kind#BOOLEAN}; false otherwise
 */
public record YamlScalar(Location location, Kind kind, String text, Number number, boolean bool)
        implements YamlNode {

    /** The YAML type of a scalar. */
    public enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    public YamlScalar {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    @Override
    public String describe() {
        return switch (kind) {
            case STRING -> "the string \"" + abbreviate(text) + "\"";
            case INTEGER, FLOAT -> "the number " + text;
            case BOOLEAN -> "the boolean " + text;
            case NULL -> "an empty value";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}

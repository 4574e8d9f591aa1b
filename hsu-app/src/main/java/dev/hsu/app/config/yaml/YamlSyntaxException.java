package dev.hsu.app.config.yaml;

/** The text is not well-formed YAML (or uses a YAML feature HSU does not accept). */
public class YamlSyntaxException extends Exception {
    private final Location location;

    public YamlSyntaxException(Location location, String message) {
        super(message);
        this.location = location;
    }

    /** Where the problem was found. */
    public Location location() {
        return location;
    }
}

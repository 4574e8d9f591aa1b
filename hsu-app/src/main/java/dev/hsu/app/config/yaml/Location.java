package dev.hsu.app.config.yaml;

/**
 * A position in a YAML file, as an editor shows it.
 *
 * @param line 1-based line number
 * @param column 1-based column number
 */
public record Location(int line, int column) {

    /** Where nothing better is known: the start of the file. */
    public static final Location START = new Location(1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}

package dev.hsu.core;

import java.util.Collection;
import java.util.List;

/** A unit name the master does not know. The message names it and lists the known ones. */
public class UnknownUnitException extends RuntimeException {
    private final String unit;

    public UnknownUnitException(String unit, Collection<String> known) {
        super(message(unit, known));
        this.unit = unit;
    }

    /** The name asked for. */
    public String unit() {
        return unit;
    }

    private static String message(String unit, Collection<String> known) {
        List<String> names = List.copyOf(known);
        return "no unit named '" + unit + "'" + (names.isEmpty()
                ? "; no units are registered"
                : "; known units: " + String.join(", ", names));
    }
}

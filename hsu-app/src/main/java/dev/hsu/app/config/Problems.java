package dev.hsu.app.config;

import dev.hsu.app.config.yaml.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one file while it is mapped, so that all of them are reported at once. */
final class Problems {
    private static final Comparator<ConfigProblem> FILE_ORDER = Comparator.comparingInt(
            (ConfigProblem p) -> p.location() == null ? 0 : p.location().line())
            .thenComparingInt(p -> p.location() == null ? 0 : p.location().column());

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void error(Location at, String unit, String field, String message) {
        problems.add(new ConfigProblem(file, at, unit, field, message, ConfigProblem.Severity.ERROR));
    }

    void warning(Location at, String unit, String field, String message) {
        problems.add(new ConfigProblem(file, at, unit, field, message, ConfigProblem.Severity.WARNING));
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(ConfigProblem::isError);
    }

    /** Whether an error was already reported for {@code unit} on {@code field}, a parent or a child of it. */
    boolean hasErrorOn(String unit, String field) {
        for (ConfigProblem p : problems) {
            if (p.isError() && java.util.Objects.equals(p.unit(), unit) && related(p.field(), field)) {
                return true;
            }
        }
        return false;
    }

    private static boolean related(String a, String b) {
        String x = a == null ? "" : a;
        String y = b == null ? "" : b;
        return x.equals(y) || isParent(x, y) || isParent(y, x);
    }

    private static boolean isParent(String parent, String child) {
        return !parent.isEmpty() && child.startsWith(parent)
                && (child.charAt(parent.length()) == '.' || child.charAt(parent.length()) == '[');
    }

    /** All problems in file order. */
    List<ConfigProblem> inFileOrder() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(FILE_ORDER);
        return sorted;
    }
}

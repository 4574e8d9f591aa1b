package dev.hsu.core.validate;

import java.util.List;
import java.util.stream.Collectors;

/** A unit was rejected. The message lists every problem, one per line. */
public class InvalidUnitException extends RuntimeException {
    private final transient List<Problem> problems;

    public InvalidUnitException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, errors and warnings, in field order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        long errors = problems.stream().filter(Problem::isError).count();
        return errors + " configuration error" + (errors == 1 ? "" : "s") + ":\n"
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}

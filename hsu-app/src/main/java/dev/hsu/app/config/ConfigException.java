package dev.hsu.app.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file was rejected. Carries every problem found in the file (errors and the
 * warnings found along the way), in file order, so that one run reports them all.
 */
public class ConfigException extends Exception {
    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, errors and warnings, in the order of their position in the file. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The errors only. */
    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }
}

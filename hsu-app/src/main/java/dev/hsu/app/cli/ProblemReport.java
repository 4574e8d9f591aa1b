package dev.hsu.app.cli;

import dev.hsu.app.config.ConfigProblem;
import java.io.PrintWriter;
import java.util.List;

/** Prints configuration problems, one per line, then a count. */
final class ProblemReport {
    private ProblemReport() {
    }

    static void print(PrintWriter err, String file, List<ConfigProblem> problems) {
        problems.forEach(err::println);
        long errors = problems.stream().filter(ConfigProblem::isError).count();
        long warnings = problems.size() - errors;
        if (errors > 0) {
            err.println(file + ": " + errors + " error" + (errors == 1 ? "" : "s")
                    + (warnings > 0 ? ", " + warnings + " warning" + (warnings == 1 ? "" : "s") : "")
                    + "; nothing was started");
        }
        err.flush();
    }
}

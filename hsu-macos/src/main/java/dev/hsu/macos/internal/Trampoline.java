package dev.hsu.macos.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exec trampoline that applies rlimits (and niceness) in the child before its program runs:
 *
 * <pre>
 * /bin/sh -c '&lt;fixed script&gt;' hsu-exec &lt;limit values...&gt; -- \
 *     [nice -n &lt;delta&gt; --] env [-u V]... -- [V=value]... &lt;executable&gt; &lt;args...&gt;
 * </pre>
 *
 * The shell sets each limit ({@code ulimit -n}, {@code ulimit -u}; soft and hard alike, so the
 * program cannot raise them back) and {@code exec}s the rest: the pid stays the one posix_spawn
 * returned, the process group is kept and the program's argv is exactly the unit's. Every value
 * travels as a positional parameter, never inside the script text. A limit that cannot be set ends
 * the trampoline with {@link #FAILURE_EXIT_CODE} before the program runs.
 *
 * <p>Thread-safety: stateless.
 */
final class Trampoline {
    static final int FAILURE_EXIT_CODE = 125;
    static final String ARG0 = "hsu-exec";

    private static final String FINAL = "[ \"$1\" = -- ] || { echo \"hsu-exec: malformed trampoline arguments\" >&2; exit "
            + FAILURE_EXIT_CODE + "; }; shift; exec \"$@\"";

    private Trampoline() {
    }

    /** @throws IllegalArgumentException naming what this host lacks (nice, env) or cannot pass */
    static List<String> argv(ShellProfile shell, List<RlimitStep> limits, int niceDelta, Map<String, String> environment,
            String executable, List<String> args) {
        StringBuilder script = new StringBuilder();
        List<String> argv = new ArrayList<>(List.of(shell.shell(), "-c", "", ARG0));
        for (RlimitStep step : limits) {
            script.append("ulimit ").append(step.option(shell)).append(" \"$1\" || { echo \"hsu-exec: cannot set ")
                    .append(step.kind().configKey()).append(" to $1\" >&2; exit ").append(FAILURE_EXIT_CODE)
                    .append("; }; shift\n");
            argv.add(Long.toString(step.value()));
        }
        script.append(FINAL);
        argv.set(2, script.toString());
        argv.add("--");
        if (niceDelta != 0) {
            if (shell.nice() == null) {
                throw new IllegalArgumentException("niceness needs nice(1), found neither /usr/bin/nice nor /bin/nice");
            }
            argv.addAll(List.of(shell.nice(), "-n", Integer.toString(niceDelta), "--"));
        }
        if (shell.env() == null) {
            throw new IllegalArgumentException("giving the program exactly its environment needs env(1), found neither "
                    + "/usr/bin/env nor /bin/env");
        }
        if (executable.contains("=")) {
            throw new IllegalArgumentException("the executable name contains '=', which env(1) in the exec trampoline "
                    + "would take for a variable assignment; rename it or use a path without '='");
        }
        argv.add(shell.env());
        List<String> assignments = new ArrayList<>();
        for (String name : ShellProfile.SHELL_MANAGED_VARIABLES) {
            String value = environment.get(name);
            if (value == null) {
                argv.add("-u");
                argv.add(name);
            } else {
                assignments.add(name + "=" + value);
            }
        }
        argv.add("--");
        argv.addAll(assignments);
        argv.add(executable);
        argv.addAll(args);
        return argv;
    }
}

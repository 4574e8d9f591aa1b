package dev.hsu.linux.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the exec trampoline that applies pre-exec steps in the child:
 *
 * <pre>
 * /bin/sh -c '&lt;fixed script&gt;' hsu-exec &lt;step operands...&gt; [&lt;PWD&gt;] -- \
 *     [nice -n &lt;delta&gt; --] [&lt;wrapper&gt;, e.g. setpriv ... --] [env -u V... -- V=value...] \
 *     &lt;executable&gt; &lt;args...&gt;
 * </pre>
 *
 * The script is the concatenation of the steps' fixed texts, the PWD repair (dash only) and
 * {@code exec "$@"}: the shell replaces itself with the program (or with nice(1)/env(1), which
 * exec it in turn), so the pid stays the one posix_spawn returned, the process group is kept and
 * the program's argv is exactly the unit's. Every value travels as a positional parameter, never
 * inside the script text.
 *
 * <p>The executable is passed as given and resolved again by the shell (or nice/env) against the
 * unit's own PATH and working directory, the same ones {@link ExecutableResolver} checked;
 * {@code exec} has no portable way to set argv[0] apart from the path. Platform note: when the
 * unit's environment has no PATH at all, shells and glibc each fall back to their own default
 * search path, which may differ from {@link ExecutableResolver#DEFAULT_PATH}.
 *
 * <p>Thread-safety: stateless.
 */
final class Trampoline {
    /** Exit code of a trampoline that could not apply a step; the program did not run. */
    static final int FAILURE_EXIT_CODE = 125;
    /** $0 of the trampoline shell, visible in ps while the steps run. */
    static final String ARG0 = "hsu-exec";

    private static final String PWD_REPAIR =
            "case \"$1\" in -) unset PWD ;; *) PWD=\"${1#=}\"; export PWD ;; esac; shift";
    private static final String FINAL =
            "[ \"$1\" = -- ] || { echo \"hsu-exec: malformed trampoline arguments\" >&2; exit "
                    + FAILURE_EXIT_CODE + "; }; shift; exec \"$@\"";

    /** The program to spawn and its argv. */
    record Invocation(String path, List<String> argv) {
    }

    private Trampoline() {
    }

    /**
     * @param niceDelta the increment for nice(1), or 0 for none
     * @throws IllegalArgumentException if a step needs something this shell lacks (names it)
     */
    static Invocation build(ShellProfile shell, List<PreExecStep> steps, int niceDelta,
            Map<String, String> environment, String executable, List<String> args) {
        return build(shell, steps, niceDelta, List.of(), environment, executable, args);
    }

    /**
     * @param wrapper a command that execs the rest of the line (the identity switch,
     *     {@link IdentitySwitch#command}); it runs after nice(1), so a negative niceness is still
     *     set with the master's privileges; empty for none
     * @throws IllegalArgumentException if a step needs something this shell lacks (names it)
     */
    static Invocation build(ShellProfile shell, List<PreExecStep> steps, int niceDelta, List<String> wrapper,
            Map<String, String> environment, String executable, List<String> args) {
        StringBuilder script = new StringBuilder();
        List<String> argv = new ArrayList<>();
        argv.add(shell.shell());
        argv.add("-c");
        argv.add(null); // the script, filled in below
        argv.add(ARG0);
        for (PreExecStep step : steps) {
            script.append(step.script(shell)).append('\n');
            argv.addAll(step.operands());
        }
        if (shell.pwdFixInScript()) {
            script.append(PWD_REPAIR).append('\n');
            String pwd = environment.get("PWD");
            argv.add(pwd == null ? "-" : "=" + pwd);
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
        argv.addAll(wrapper);
        if (!shell.pwdFixInScript()) {
            if (shell.env() == null) {
                throw new IllegalArgumentException(shell.shell() + " is not dash and changes the environment it "
                        + "passes on; repairing it needs env(1), found neither /usr/bin/env nor /bin/env");
            }
            if (executable.contains("=")) {
                throw new IllegalArgumentException("the executable name contains '=', which env(1) in the exec "
                        + "trampoline would take for a variable assignment; rename it or use a path without '='");
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
        }
        argv.add(executable);
        argv.addAll(args);
        return new Invocation(shell.shell(), argv);
    }
}

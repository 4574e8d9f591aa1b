package dev.hsu.linux.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * Moves the trampoline shell, and so the program it becomes, into one directory of its unit's
 * cgroup: {@code echo $$ > <dir>/cgroup.procs}. The steps of a unit come first in the trampoline
 * (tracking hierarchy first), so the program, and every child it forks, starts inside its cgroup
 * with its limits: there is no moment in which it runs outside. A failed write ends the
 * trampoline (exit {@link Trampoline#FAILURE_EXIT_CODE}) before the program runs.
 *
 * @param procsFile the {@code cgroup.procs} file to write
 */
record JoinCgroup(Path procsFile) implements PreExecStep {

    @Override
    public String script(ShellProfile shell) {
        return "echo $$ > \"$1\" || { echo \"hsu-exec: cannot join cgroup $1\" >&2; exit "
                + Trampoline.FAILURE_EXIT_CODE + "; }; shift";
    }

    @Override
    public List<String> operands() {
        return List.of(procsFile.toString());
    }
}

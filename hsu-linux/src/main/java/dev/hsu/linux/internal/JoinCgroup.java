package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.UnitCgroup;
import java.nio.file.Path;
import java.util.List;

/**
 * Moves the trampoline shell, and so the program it becomes, into one directory of its unit's
 * cgroup. The steps of a unit come first in the trampoline (tracking hierarchy first), so the
 * program, and every child it forks, starts inside its cgroup with its limits: there is no moment
 * in which it runs outside. A failed write ends the trampoline (exit
 * {@link Trampoline#FAILURE_EXIT_CODE}) before the program runs.
 *
 * <p>v2: {@code echo $$ > <dir>/cgroup.procs}. v1: {@code echo 0 > <dir>/tasks}, which moves the
 * writing thread, the whole process for the single-threaded shell. The kernel migrates one
 * thread that moves itself without taking the global {@code cgroup_threadgroup_rwsem} for
 * writing, whose first writer after an idle spell waits for an RCU grace period (5 to 11 ms
 * measured on this project's build machine, against 0.02 to 0.3 ms for the {@code tasks} write):
 * that wait would be on every restart's path.
 *
 * @param dir the unit's directory to join (the file's path is made when the trampoline is built:
 *     a unit holds its steps while it runs, see {@link UnitCgroup.Dir})
 */
record JoinCgroup(UnitCgroup.Dir dir) implements PreExecStep {

    /** The {@code cgroup.procs} (v2) or {@code tasks} (v1) file to write. */
    Path file() {
        return dir.path().resolve(selfThread() ? "tasks" : "cgroup.procs");
    }

    /**
     * True for a v1 {@code tasks} file (writes {@code 0}, "this thread"), false for a v2
     * {@code cgroup.procs} file (writes the shell's pid).
     */
    boolean selfThread() {
        return !dir.isV2();
    }

    @Override
    public String script(ShellProfile shell) {
        return "echo " + (selfThread() ? "0" : "$$") + " > \"$1\" || { echo \"hsu-exec: cannot join cgroup $1\" >&2; exit "
                + Trampoline.FAILURE_EXIT_CODE + "; }; shift";
    }

    @Override
    public List<String> operands() {
        return List.of(file().toString());
    }
}

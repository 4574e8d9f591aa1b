package dev.hsu.linux.internal;

import java.util.List;

/**
 * Sets an rlimit, soft and hard alike (a plain {@code ulimit -n N} sets both, in dash and bash),
 * so the program cannot raise it back.
 *
 * @param limit which rlimit
 * @param value the new soft and hard limit, at least 1
 */
record SetRlimit(Rlimit limit, long value) implements PreExecStep {

    SetRlimit {
        if (value < 1) {
            throw new IllegalArgumentException(limit.kind().configKey() + " must be at least 1, got " + value);
        }
    }

    @Override
    public String script(ShellProfile shell) {
        String option = switch (limit) {
            case NOFILE -> "-n";
            case NPROC -> shell.processLimitOption();
        };
        return "ulimit " + option + " \"$1\" || { echo \"hsu-exec: cannot set " + limit.kind().configKey()
                + " to $1\" >&2; exit " + Trampoline.FAILURE_EXIT_CODE + "; }; shift";
    }

    @Override
    public List<String> operands() {
        return List.of(Long.toString(value));
    }
}

package dev.hsu.macos.internal;

import java.util.List;

/**
 * A fully resolved {@code posix_spawn}: the program, its argv and environment, the child's
 * directory and what to do with its standard streams.
 *
 * @param path the file to execute (absolute)
 * @param argv the argument vector, argv[0] included
 * @param envp {@code NAME=value} entries
 * @param chdir the child's working directory, or null to keep the master's
 * @param fdActions in order; every fd they do not name is closed in the child
 */
record SpawnPlan(String path, List<String> argv, List<String> envp, String chdir, List<FdAction> fdActions) {

    SpawnPlan {
        argv = List.copyOf(argv);
        envp = List.copyOf(envp);
        fdActions = List.copyOf(fdActions);
    }

    /** One file action on a standard stream of the child. */
    sealed interface FdAction permits FdAction.Open, FdAction.Dup2, FdAction.Inherit {

        /** {@code open(path, flags, mode)} onto {@code fd}, in the child. */
        record Open(int fd, String path, int flags, int mode) implements FdAction {
        }

        /** {@code dup2(from, to)}; {@code from} may be a master fd (a pipe end) or an earlier stream. */
        record Dup2(int from, int to) implements FdAction {
        }

        /** Keeps the master's own {@code fd} open in the child ({@code addinherit_np}). */
        record Inherit(int fd) implements FdAction {
        }
    }
}

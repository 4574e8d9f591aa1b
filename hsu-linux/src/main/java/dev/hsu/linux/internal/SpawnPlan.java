package dev.hsu.linux.internal;

import java.util.List;

/**
 * A fully resolved {@code posix_spawn} call: every string already encoded as the bytes the child
 * must see.
 *
 * @param path the file to execute (absolute, or relative to {@code chdir})
 * @param argv the argument vector, argv[0] included
 * @param envp the environment as {@code KEY=VALUE} entries
 * @param chdir the child's working directory, or null to keep the master's
 * @param fdActions what to do with fds 0..2, in order; every other fd is closed in the child
 */
record SpawnPlan(byte[] path, List<byte[]> argv, List<byte[]> envp, byte[] chdir, List<FdAction> fdActions) {

    SpawnPlan {
        argv = List.copyOf(argv);
        envp = List.copyOf(envp);
        fdActions = List.copyOf(fdActions);
    }

    /** One file action on a standard stream of the child. */
    sealed interface FdAction permits FdAction.Open, FdAction.Dup2 {

        /** {@code open(path, flags, mode)} onto {@code fd}. */
        record Open(int fd, byte[] path, int flags, int mode) implements FdAction {
        }

        /** {@code dup2(from, to)}; {@code from} may be a master fd (a pipe end) or an earlier stream. */
        record Dup2(int from, int to) implements FdAction {
        }
    }
}

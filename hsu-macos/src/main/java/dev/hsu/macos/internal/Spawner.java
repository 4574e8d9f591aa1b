package dev.hsu.macos.internal;

import com.sun.jna.Memory;

/**
 * Runs one {@code posix_spawn}: the child leads a new process group, has an empty signal mask and
 * every catchable signal at its default action (the JVM blocks or ignores some, and both survive
 * exec), and keeps no fd of the master but those its file actions name
 * ({@code POSIX_SPAWN_CLOEXEC_DEFAULT}, which also covers fds opened concurrently by other threads).
 *
 * <p>On macOS {@code posix_spawnattr_t} and {@code posix_spawn_file_actions_t} are pointers that
 * their {@code _init} allocates; the adapter passes the address of an 8-byte slot. {@code sigset_t}
 * is a 32-bit mask, built here (the {@code sigemptyset} family are macros on macOS).
 *
 * <p>Thread-safety: safe from any number of threads.
 */
final class Spawner {
    private final MacLibc libc;

    Spawner(MacLibc libc) {
        this.libc = libc;
    }

    /** Every signal but KILL and STOP, which cannot be caught: bit {@code n-1} is signal {@code n}. */
    static int defaultedSignals() {
        return ~((1 << (MacSignals.SIGKILL - 1)) | (1 << (MacSignals.SIGSTOP - 1)));
    }

    /**
     * @return the child's pid
     * @throws NativeCallException naming the failed call and errno
     */
    int spawn(SpawnPlan plan) throws NativeCallException {
        try (Memory actions = new Memory(8); Memory attr = new Memory(8); Memory pid = new Memory(4);
                Memory emptyMask = new Memory(4); Memory defaulted = new Memory(4)) {
            check("posix_spawn_file_actions_init", libc.posix_spawn_file_actions_init(actions));
            try {
                check("posix_spawnattr_init", libc.posix_spawnattr_init(attr));
                try {
                    if (plan.chdir() != null) {
                        check("posix_spawn_file_actions_addchdir_np",
                                libc.posix_spawn_file_actions_addchdir_np(actions, CStrings.of(plan.chdir())));
                    }
                    for (SpawnPlan.FdAction action : plan.fdActions()) {
                        switch (action) {
                            case SpawnPlan.FdAction.Open open -> check("posix_spawn_file_actions_addopen",
                                    libc.posix_spawn_file_actions_addopen(actions, open.fd(), CStrings.of(open.path()),
                                            open.flags(), open.mode()));
                            case SpawnPlan.FdAction.Dup2 dup -> check("posix_spawn_file_actions_adddup2",
                                    libc.posix_spawn_file_actions_adddup2(actions, dup.from(), dup.to()));
                            case SpawnPlan.FdAction.Inherit inherit -> check("posix_spawn_file_actions_addinherit_np",
                                    libc.posix_spawn_file_actions_addinherit_np(actions, inherit.fd()));
                        }
                    }
                    emptyMask.setInt(0, 0);
                    defaulted.setInt(0, defaultedSignals());
                    check("posix_spawnattr_setflags", libc.posix_spawnattr_setflags(attr, (short) (Darwin.POSIX_SPAWN_SETPGROUP
                            | Darwin.POSIX_SPAWN_SETSIGMASK | Darwin.POSIX_SPAWN_SETSIGDEF
                            | Darwin.POSIX_SPAWN_CLOEXEC_DEFAULT)));
                    check("posix_spawnattr_setpgroup", libc.posix_spawnattr_setpgroup(attr, 0));
                    check("posix_spawnattr_setsigmask", libc.posix_spawnattr_setsigmask(attr, emptyMask));
                    check("posix_spawnattr_setsigdefault", libc.posix_spawnattr_setsigdefault(attr, defaulted));
                    CStrings.Array argv = new CStrings.Array(plan.argv());
                    CStrings.Array envp = new CStrings.Array(plan.envp());
                    check("posix_spawn", libc.posix_spawn(pid, CStrings.of(plan.path()), actions, attr, argv, envp));
                    return pid.getInt(0);
                } finally {
                    libc.posix_spawnattr_destroy(attr);
                }
            } finally {
                libc.posix_spawn_file_actions_destroy(actions);
            }
        }
    }

    private static void check(String call, int result) throws NativeCallException {
        if (result != 0) {
            throw new NativeCallException(call, result);
        }
    }
}

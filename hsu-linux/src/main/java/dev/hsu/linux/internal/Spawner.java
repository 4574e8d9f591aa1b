package dev.hsu.linux.internal;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@code posix_spawn}: the child leads a new process group, has an empty signal mask
 * and every catchable signal at its default action (the JVM blocks or ignores some, and both
 * survive exec), gets the file actions of the plan and no other fd of the master.
 *
 * <p>glibc implements posix_spawn with {@code clone(CLONE_VM|CLONE_VFORK)}: no page tables are
 * copied however large the JVM is, and exec failures (ENOENT, EACCES, ENOEXEC, a failed file
 * action) come back as the return value instead of as an exit code of 127.
 *
 * <p>Thread-safety: stateless; safe from any number of threads.
 */
final class Spawner {

    private Spawner() {
    }

    /**
     * @return the child's pid
     * @throws NativeCallException naming the failed call and errno
     */
    static int spawn(SpawnPlan plan) throws NativeCallException {
        try (Prepared prepared = prepare(plan)) {
            return prepared.spawn();
        }
    }

    /**
     * Builds everything {@code posix_spawn} reads (file actions, attributes, argv, envp) in
     * native memory, so that {@link Prepared#spawn()} is the system call alone.
     *
     * @throws NativeCallException naming the failed call and errno
     */
    static Prepared prepare(SpawnPlan plan) throws NativeCallException {
        List<Integer> closeFallback = LibcOptional.HAS_ADDCLOSEFROM ? List.of() : openFdsFromThree();
        long size = NativeArena.sizeOf(Sys.FILE_ACTIONS_SIZE) + NativeArena.sizeOf(Sys.SPAWNATTR_SIZE)
                + 2 * NativeArena.sizeOf(Sys.SIGSET_SIZE) + NativeArena.sizeOf(8)
                + NativeArena.sizeOfCString(plan.path())
                + NativeArena.sizeOfCStringArray(plan.argv()) + NativeArena.sizeOfCStringArray(plan.envp())
                + (plan.chdir() != null ? NativeArena.sizeOfCString(plan.chdir()) : 0);
        for (SpawnPlan.FdAction action : plan.fdActions()) {
            if (action instanceof SpawnPlan.FdAction.Open open) {
                size += NativeArena.sizeOfCString(open.path());
            }
        }
        NativeArena arena = new NativeArena(size);
        Pointer actions = arena.alloc(Sys.FILE_ACTIONS_SIZE);
        Pointer attr = arena.alloc(Sys.SPAWNATTR_SIZE);
        int r = Libc.posix_spawn_file_actions_init(actions);
        if (r != 0) {
            arena.close();
            throw new NativeCallException("posix_spawn_file_actions_init", r);
        }
        r = Libc.posix_spawnattr_init(attr);
        if (r != 0) {
            Libc.posix_spawn_file_actions_destroy(actions);
            arena.close();
            throw new NativeCallException("posix_spawnattr_init", r);
        }
        Prepared prepared = new Prepared(arena, actions, attr);
        try {
            addFileActions(arena, actions, plan, closeFallback);
            setAttributes(arena, attr);
            prepared.pid = arena.alloc(8);
            prepared.path = arena.cString(plan.path());
            prepared.argv = arena.cStringArray(plan.argv());
            prepared.envp = arena.cStringArray(plan.envp());
            return prepared;
        } catch (NativeCallException | RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    /**
     * One {@code posix_spawn} call, built: {@link #spawn()} may run once, then or later
     * {@link #close()} frees the native memory.
     *
     * <p>Thread-safety: {@link #spawn()} and {@link #close()} are synchronized; use from one
     * thread at a time is expected.
     */
    static final class Prepared implements AutoCloseable {
        private final NativeArena arena;
        private final Pointer actions;
        private final Pointer attr;
        private Pointer pid;
        private Pointer path;
        private Pointer argv;
        private Pointer envp;
        private boolean closed;

        private Prepared(NativeArena arena, Pointer actions, Pointer attr) {
            this.arena = arena;
            this.actions = actions;
            this.attr = attr;
        }

        /**
         * @return the child's pid
         * @throws NativeCallException naming the failed call and errno
         * @throws IllegalStateException after {@link #close()}
         */
        synchronized int spawn() throws NativeCallException {
            if (closed) {
                throw new IllegalStateException("this spawn was closed");
            }
            check("posix_spawn", Libc.posix_spawn(pid, path, actions, attr, argv, envp));
            return pid.getInt(0);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            Libc.posix_spawnattr_destroy(attr);
            Libc.posix_spawn_file_actions_destroy(actions);
            arena.close();
        }
    }

    private static void addFileActions(NativeArena arena, Pointer actions, SpawnPlan plan,
            List<Integer> closeFallback) throws NativeCallException {
        for (SpawnPlan.FdAction action : plan.fdActions()) {
            switch (action) {
                case SpawnPlan.FdAction.Open open -> check("posix_spawn_file_actions_addopen",
                        Libc.posix_spawn_file_actions_addopen(actions, open.fd(), arena.cString(open.path()),
                                open.flags(), open.mode()));
                case SpawnPlan.FdAction.Dup2 dup -> check("posix_spawn_file_actions_adddup2",
                        Libc.posix_spawn_file_actions_adddup2(actions, dup.from(), dup.to()));
            }
        }
        if (plan.chdir() != null) {
            check("posix_spawn_file_actions_addchdir_np",
                    Libc.posix_spawn_file_actions_addchdir_np(actions, arena.cString(plan.chdir())));
        }
        if (LibcOptional.HAS_ADDCLOSEFROM) {
            check("posix_spawn_file_actions_addclosefrom_np", LibcOptional.addclosefrom(actions, 3));
        } else {
            // Older C library: close what is open now. An fd another thread opens between this
            // listing and the spawn reaches the child unless it has O_CLOEXEC (as the JDK's and
            // this adapter's own fds do); glibc 2.34+ closes everything in the child instead.
            for (int fd : closeFallback) {
                check("posix_spawn_file_actions_addclose", Libc.posix_spawn_file_actions_addclose(actions, fd));
            }
        }
    }

    private static void setAttributes(NativeArena arena, Pointer attr) throws NativeCallException {
        Pointer emptyMask = arena.alloc(Sys.SIGSET_SIZE);
        Libc.sigemptyset(emptyMask);
        Pointer allSignals = arena.alloc(Sys.SIGSET_SIZE);
        Libc.sigfillset(allSignals);
        Libc.sigdelset(allSignals, LinuxSignals.SIGKILL);
        Libc.sigdelset(allSignals, LinuxSignals.SIGSTOP);
        short flags = (short) (Sys.POSIX_SPAWN_SETPGROUP | Sys.POSIX_SPAWN_SETSIGMASK | Sys.POSIX_SPAWN_SETSIGDEF);
        if (LoopScheduling.enabled()) {
            // Spawned from the SCHED_BATCH event loop or not: the child runs SCHED_OTHER, as the master.
            flags |= Sys.POSIX_SPAWN_SETSCHEDULER;
            check("posix_spawnattr_setschedpolicy", Libc.posix_spawnattr_setschedpolicy(attr, Sys.SCHED_OTHER));
        }
        check("posix_spawnattr_setflags", Libc.posix_spawnattr_setflags(attr, flags));
        check("posix_spawnattr_setpgroup", Libc.posix_spawnattr_setpgroup(attr, 0));
        check("posix_spawnattr_setsigmask", Libc.posix_spawnattr_setsigmask(attr, emptyMask));
        check("posix_spawnattr_setsigdefault", Libc.posix_spawnattr_setsigdefault(attr, allSignals));
    }

    private static List<Integer> openFdsFromThree() {
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path entry : dir) {
                int fd = Integer.parseInt(entry.getFileName().toString());
                if (fd >= 3) {
                    fds.add(fd);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Without /proc there is nothing to list; the availability probe requires /proc anyway.
        }
        return fds;
    }

    private static void check(String call, int result) throws NativeCallException {
        if (result != 0) {
            throw new NativeCallException(call, result);
        }
    }
}

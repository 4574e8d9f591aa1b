package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.UnitCgroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spawns a child straight into its unit's cgroup v1 directories, without the exec trampoline:
 * the calling <em>platform</em> thread moves itself into each directory ({@code echo 0 > tasks}),
 * spawns (a child starts in the cgroups of the thread that forks it), and moves itself back into
 * the master's own directories. The program then runs in its cgroups from its first instruction,
 * and no shell is executed before it.
 *
 * <p>Why: the exec trampoline costs an exec of {@code /bin/sh} and its start-up on every start; on
 * the restart path (a prepared restart spawned on the event loop at the exit) that was most of
 * the time left. A thread moving itself through {@code tasks} does not take the kernel's global
 * {@code cgroup_threadgroup_rwsem} (see {@link JoinCgroup}).
 *
 * <p>Only for v1 directories (v2 moves whole processes only) and only on a platform thread that
 * does nothing else while it is away: the event loop, or a {@link CgroupSpawners} thread. While the thread is inside, it counts in
 * the unit's {@code pids.current} (so units with {@code max_processes} keep the trampoline: a
 * limit of 1 would refuse the spawn) and its CPU time is the unit's for those microseconds;
 * the v1 memory controller charges by process, not thread, so the master's memory never is the
 * unit's. If the way back fails the thread would stay in the unit's cgroups, where a freeze of
 * the unit would stop it: it then tries every hierarchy's root as a last resort and logs an
 * error.
 *
 * <p>Thread-safety: {@link #spawnInside} is meant for one thread (the event loop); the cached
 * fds of the master's directories are shared and never closed.
 */
final class ThreadCgroupSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadCgroupSwitch.class);
    private static final NativeBlock ZERO = new NativeBlock(1);

    static {
        ZERO.setByte(0, (byte) '0');
    }

    /** {@code tasks} file of the master's own directory → an open fd, per hierarchy. */
    private final Map<Path, Integer> home = new ConcurrentHashMap<>();
    private final AtomicInteger heldAhead = new AtomicInteger();

    /** Whether every directory of {@code cgroup} can be joined by a thread (all v1). */
    static boolean canJoin(UnitCgroup cgroup) {
        for (UnitCgroup.Dir d : cgroup.dirs()) {
            if (d.isV2()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code spawn} with the calling thread inside every directory of {@code cgroup}.
     *
     * @param ahead {@code cgroup}'s tasks files opened beforehand ({@link #openAhead}), so that only
     *     the writes remain between the decision to spawn and the spawn; null: opened (and closed)
     *     here
     * @return the child's pid
     * @throws NativeCallException if a directory cannot be opened or joined (the thread is back
     *     home then) or the spawn fails
     */
    int spawnInside(UnitCgroup cgroup, Joins ahead, Spawner.Prepared spawn) throws NativeCallException {
        if (ahead != null) {
            return spawnInside(ahead, spawn);
        }
        try (Joins joins = open(cgroup)) {
            return spawnInside(joins, spawn);
        }
    }

    private int spawnInside(Joins joins, Spawner.Prepared spawn) throws NativeCallException {
        int joined = 0;
        try {
            for (int i = 0; i < joins.taskFds.length; i++) {
                if (Libc.write(joins.taskFds[i], ZERO, 1) != 1) {
                    int errno = Errno.last();
                    throw new NativeCallException("write " + joins.dirs.get(i).path().resolve("tasks"), errno);
                }
                joined++;
            }
            return spawn.spawn();
        } finally {
            for (int i = 0; i < joined; i++) {
                goHome(joins.dirs.get(i), joins.homeFds[i]);
            }
        }
    }

    /**
     * Opens the {@code tasks} file of every directory of {@code cgroup}, and of the master's own
     * directory in each hierarchy (cached for good).
     *
     * @throws NativeCallException if one cannot be opened (none is left open then)
     */
    Joins open(UnitCgroup cgroup) throws NativeCallException {
        List<UnitCgroup.Dir> dirs = cgroup.dirs();
        int[] taskFds = new int[dirs.size()];
        int[] homeFds = new int[dirs.size()];
        int opened = 0;
        try {
            for (UnitCgroup.Dir d : dirs) {
                homeFds[opened] = homeFd(d); // before leaving, so the way back cannot fail on an open
                Path tasks = d.path().resolve("tasks");
                int fd = open(tasks);
                if (fd < 0) {
                    throw new NativeCallException("open " + tasks, Errno.last());
                }
                taskFds[opened++] = fd;
            }
            return new Joins(dirs, taskFds, homeFds);
        } catch (NativeCallException | RuntimeException e) {
            for (int i = 0; i < opened; i++) {
                Libc.close(taskFds[i]);
            }
            throw e;
        }
    }

    /**
     * As {@link #open}, for a launch prepared ahead of its start, which keeps the files open
     * until then: null (nothing opened) when the files held that way would number more than
     * {@code budget}.
     */
    Joins openAhead(UnitCgroup cgroup, long budget) throws NativeCallException {
        int n = cgroup.dirs().size();
        if (heldAhead.addAndGet(n) > budget) {
            heldAhead.addAndGet(-n);
            return null;
        }
        try {
            Joins joins = open(cgroup);
            joins.onClose = () -> heldAhead.addAndGet(-n);
            return joins;
        } catch (NativeCallException | RuntimeException e) {
            heldAhead.addAndGet(-n);
            throw e;
        }
    }

    /** How many tasks files launches prepared ahead hold open now (for tests). */
    int heldAhead() {
        return heldAhead.get();
    }

    /**
     * The open {@code tasks} files of one unit cgroup's directories (and the master's, which stay
     * open). Closed once, by whoever holds it.
     */
    static final class Joins implements AutoCloseable {
        private final List<UnitCgroup.Dir> dirs;
        private final int[] taskFds;
        private final int[] homeFds;
        private Runnable onClose;
        private boolean closed;

        private Joins(List<UnitCgroup.Dir> dirs, int[] taskFds, int[] homeFds) {
            this.dirs = dirs;
            this.taskFds = taskFds;
            this.homeFds = homeFds;
        }

        /** The highest of its own tasks file descriptors; -1 with none. */
        int highestFd() {
            int max = -1;
            for (int fd : taskFds) {
                max = Math.max(max, fd);
            }
            return max;
        }

        /** How many fds it holds. */
        int size() {
            return taskFds.length;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            for (int fd : taskFds) {
                Libc.close(fd);
            }
            if (onClose != null) {
                onClose.run();
            }
        }
    }

    private int homeFd(UnitCgroup.Dir d) throws NativeCallException {
        Path tasks = d.hierarchy().ownDir().resolve("tasks");
        Integer fd = home.get(tasks);
        if (fd == null) {
            int opened = open(tasks);
            if (opened < 0) {
                throw new NativeCallException("open " + tasks, Errno.last());
            }
            Integer raced = home.putIfAbsent(tasks, opened);
            if (raced != null) {
                Libc.close(opened);
                fd = raced;
            } else {
                fd = opened;
            }
        }
        return fd;
    }

    private void goHome(UnitCgroup.Dir d, int homeFd) {
        if (Libc.write(homeFd, ZERO, 1) == 1) {
            return;
        }
        int errno = Errno.last();
        int rootErrno = writeZero(d.hierarchy().mountPoint().resolve("tasks"));
        LOG.error("thread {} could not return to the master's cgroup {} ({}); {}",
                Thread.currentThread().getName(), d.hierarchy().ownDir(), Errno.describe(errno), rootErrno == 0
                        ? "it moved to the hierarchy's root instead"
                        : "it stays in " + d.path() + " (" + Errno.describe(rootErrno) + ")");
    }

    /** Opens, writes "0", closes. @return 0 or the errno */
    private static int writeZero(Path file) {
        int fd = open(file);
        if (fd < 0) {
            return Errno.last();
        }
        try {
            return Libc.write(fd, ZERO, 1) == 1 ? 0 : Errno.last();
        } finally {
            Libc.close(fd);
        }
    }

    private static int open(Path file) {
        byte[] bytes = file.toString().getBytes(StandardCharsets.UTF_8);
        try (NativeBlock path = new NativeBlock(bytes.length + 1L)) {
            path.write(0, bytes, 0, bytes.length);
            path.setByte(bytes.length, (byte) 0);
            return Libc.open(path, Sys.O_WRONLY | Sys.O_CLOEXEC, 0);
        }
    }
}

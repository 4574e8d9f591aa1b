package dev.hsu.linux.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the units die with the master, however the master dies (SIGKILL and crashes included,
 * which give it no chance to act): a small watchdog process, {@code /bin/sh} running
 * {@link #SCRIPT}, reads from a pipe whose only write end the master holds. The master keeps a
 * registry directory (tmpfs where there is one, mode 0700): one file per unit process, named by
 * its pid and holding {@code pid pgid cgroup-dir}, made as the process starts and deleted as it
 * ends. When the pipe reaches end-of-file, which the kernel makes happen as the master's last fd
 * closes, the watchdog kills every unit of the registry, with its whole tree: through the unit's cgroup
 * ({@code cgroup.kill}, or freeze / kill / thaw with the v1 freezer, or a kill of every member)
 * when it has one, which catches every descendant however it detached itself, and its process
 * group in any case. {@code detach} makes it exit without killing anything: the units then
 * outlive the master (keep-units).
 *
 * <p>Why not {@code PR_SET_PDEATHSIG}: it reaches only the direct child (not grandchildren, not
 * double-forked daemons), it is reset by the exec of a set-uid program, and it fires when the
 * <em>thread</em> that forked the child ends, not the process: a JVM that spawns from pooled
 * threads would kill units when an idle carrier thread retires.
 *
 * <p>Limits: a unit that ended in the instant before the master died (its {@code -pid} not yet
 * written) may have had its pid reused by then; the watchdog would signal that pid. The window is
 * the time between a reap and one pipe write. Without cgroups a descendant that left the unit's
 * process group is not reached (as for any stop without cgroups). The watchdog itself can be
 * killed; the master then logs an error and starts another.
 *
 * <p>Why files and not messages down the pipe: the watchdog then does nothing until the master
 * dies, so starting 500 units costs it no work (a shell keeping the list in a variable copied it
 * once per message: a tenth of the CPU of a 500-unit start-up), and a restart wakes no second
 * process.
 *
 * <p>Thread-safety: safe from any thread; {@link #forget} never blocks (it is called on the event
 * loop thread), registry changes are made by one virtual thread in order.
 */
final class Lifeline {
    private static final Logger LOG = LoggerFactory.getLogger(Lifeline.class);

    /** $0 of the watchdog shell, visible in ps. */
    static final String ARG0 = "hsu-lifeline";

    /**
     * The watchdog: {@code $1} is the registry directory. It reads the pipe until end-of-file
     * ({@code detach} ends it without killing), then kills what the registry lists, removes the
     * master's cgroup parents that {@code .cgroups} lists once the killed processes have left them
     * (trying for up to 5 s), and removes the registry. Signals that would end it by accident
     * (Ctrl-C reaches a terminal's whole foreground group) are ignored.
     *
     * <p>Why it removes the parents: a master with 2000 units that was SIGKILLed left 2634 empty
     * unit directories in each of five v1 hierarchies until the next master's start; each memory
     * cgroup holds kernel memory per CPU, and the kernel allows 65535 of them.
     */
    static final String SCRIPT = """
            trap '' HUP INT QUIT TERM PIPE
            reg=$1
            while IFS= read -r line; do
              case $line in
                detach) rm -rf "$reg"; exit 0 ;;
              esac
            done
            for entry in "$reg"/[0-9]*; do
              [ -f "$entry" ] || continue
              IFS=' ' read -r pid pgid dir < "$entry" || continue
              if [ -n "$dir" ] && [ "$dir" != - ] && [ -d "$dir" ]; then
                if [ -e "$dir/cgroup.kill" ]; then
                  echo 1 > "$dir/cgroup.kill"
                elif [ -e "$dir/freezer.state" ]; then
                  echo FROZEN > "$dir/freezer.state"
                  n=0
                  while [ "$(cat "$dir/freezer.state")" != FROZEN ] && [ $n -lt 1000 ]; do n=$((n + 1)); done
                  kill -s KILL $(cat "$dir/cgroup.procs") 2>/dev/null
                  echo THAWED > "$dir/freezer.state"
                else
                  for round in 1 2 3; do kill -s KILL $(cat "$dir/cgroup.procs") 2>/dev/null; done
                fi
              fi
              kill -s KILL -- "-$pgid" 2>/dev/null
              kill -s KILL "$pid" 2>/dev/null
            done
            if [ -f "$reg/.cgroups" ]; then
              n=0
              while :; do
                left=
                while IFS= read -r parent; do
                  [ -d "$parent" ] || continue
                  for d in "$parent"/*/; do
                    [ -d "$d" ] && rmdir "$d" 2>/dev/null
                  done
                  rmdir "$parent" 2>/dev/null || left=1
                done < "$reg/.cgroups"
                n=$((n + 1))
                if [ -z "$left" ] || [ $n -ge 50 ]; then break; fi
                sleep 0.1
              done
            fi
            rm -rf "$reg"
            """;

    private static final String SHELL = "/bin/sh";
    private static final String DETACH = "detach";
    /** More unexpected watchdog deaths than this within a minute: stop starting new ones. */
    private static final int MAX_RESPAWNS_PER_MINUTE = 5;

    private final EventLoop loop;
    /** Where registry directories go: /dev/shm when writable (tmpfs), else java.io.tmpdir. */
    private final Path registryParent;
    /** The registry directory; made at the first bind. Guarded by lock. */
    private Path registry;
    /** pid → "pid pgid dir", every unit process the watchdog must kill. */
    private final Map<Long, String> entries = new ConcurrentHashMap<>();
    private final BlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private final List<Long> respawns = new ArrayList<>();
    /** The {@code .cgroups} text, null until {@link #removeAtDeath}. */
    private volatile String parents;

    // Guarded by lock.
    private boolean bound;
    private Watchdog watchdog;
    private Thread writer;

    /** One running watchdog process. */
    private final class Watchdog implements EventLoop.Handler {
        final int pid;
        final int pidfd;
        final long token;
        final int writeFd;
        final CompletableFuture<Void> exited = new CompletableFuture<>();

        Watchdog(int pid, int pidfd, long token, int writeFd) {
            this.pid = pid;
            this.pidfd = pidfd;
            this.token = token;
            this.writeFd = writeFd;
        }

        @Override
        public void onReady(int events) {
            int status;
            try (NativeBlock word = new NativeBlock(4)) {
                int r;
                do {
                    r = Libc.waitpid(pid, word, Sys.WNOHANG);
                } while (r < 0 && Errno.last() == Errno.EINTR);
                if (r == 0) {
                    return;
                }
                status = r > 0 ? word.getInt(0) : -1;
            }
            loop.unregister(pidfd, token);
            Libc.close(pidfd);
            exited.complete(null);
            onWatchdogExit(this, status);
        }
    }

    /** A point in the message stream: {@code line} (if any) is written, then {@code written} completes. */
    private record Marker(String line, CompletableFuture<Void> written) {
    }

    /** Registry changes, applied in order by the writer. */
    private sealed interface Change permits Add, Remove, Parents {
    }

    /** The {@code .cgroups} file: the master's cgroup parents, one per line. */
    private record Parents(String text) implements Change {
    }

    private record Add(long pid, String entry) implements Change {
    }

    private record Remove(long pid) implements Change {
    }

    Lifeline(EventLoop loop) {
        this(loop, defaultRegistryParent());
    }

    /** @param registryParent where the registry directory is made */
    Lifeline(EventLoop loop, Path registryParent) {
        this.loop = loop;
        this.registryParent = registryParent;
    }

    private static Path defaultRegistryParent() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Ties the units to the master (starts the watchdog and tells it every unit now running) or
     * unties them (the watchdog exits without killing; returns once it has, at most 5 s later).
     *
     * @throws IllegalStateException if the watchdog cannot be started (names the failed call)
     */
    void bind(boolean bind) {
        Watchdog leaving;
        CompletableFuture<Void> written = new CompletableFuture<>();
        synchronized (lock) {
            if (bind == bound) {
                return;
            }
            bound = bind;
            if (bind) {
                spawn();
                return;
            }
            leaving = watchdog;
            if (leaving == null) {
                return;
            }
            outbox.add(new Marker(DETACH, written));
        }
        try {
            written.get(5, TimeUnit.SECONDS);
            leaving.exited.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("the lifeline process {} did not end within 5 s of 'detach'; units may be killed when the "
                    + "master exits", leaving.pid);
        } catch (Exception e) {
            LOG.warn("detaching the lifeline process {} failed: {}", leaving.pid, e.toString());
        }
    }

    /** The registry directory, or null before the first bind (for tests and diagnostics). */
    Path registry() {
        synchronized (lock) {
            return registry;
        }
    }

    /** Whether the units die with the master now. */
    boolean isBound() {
        synchronized (lock) {
            return bound;
        }
    }

    /** The watchdog's pid, or -1 when none runs (for tests and diagnostics). */
    int watchdogPid() {
        synchronized (lock) {
            return watchdog == null ? -1 : watchdog.pid;
        }
    }

    /**
     * A unit process to kill if the master dies.
     *
     * @param cgroupDir the unit's tracking cgroup directory, or null when it has none
     */
    void watch(long pid, long pgid, Path cgroupDir) {
        String dir = cgroupDir == null ? "-" : cgroupDir.toString();
        if (dir.indexOf('\n') >= 0 || dir.indexOf(' ') >= 0) {
            LOG.warn("the cgroup directory {} has a space or newline in its name; if the master dies, its unit is "
                    + "killed through its process group only", dir);
            dir = "-";
        }
        String entry = pid + " " + pgid + " " + dir;
        entries.put(pid, entry);
        outbox.add(new Add(pid, entry));
    }

    /**
     * The master's own cgroup parent directories (one per hierarchy), to remove once the units
     * are killed: only HSU's units live below them. Never blocks. A directory whose name holds a
     * newline is left out (logged).
     */
    void removeAtDeath(Collection<Path> cgroupParents) {
        StringBuilder text = new StringBuilder();
        for (Path p : cgroupParents) {
            String dir = p.toString();
            if (dir.indexOf('\n') >= 0) {
                LOG.warn("the cgroup directory {} has a newline in its name; if the master dies, it is left behind", dir);
                continue;
            }
            text.append(dir).append('\n');
        }
        parents = text.toString();
        outbox.add(new Parents(parents));
    }

    /** The process ended: nothing to kill for it any more. Never blocks. */
    void forget(long pid) {
        if (entries.remove(pid) != null) {
            outbox.add(new Remove(pid));
        }
    }

    /**
     * Closes the master's end of the pipe, exactly what the kernel does when the master dies, and
     * forgets the watchdog without starting another: for tests of what a master's death does.
     */
    void severForTest() {
        synchronized (lock) {
            if (writer == null) {
                return; // never bound: nothing to sever
            }
        }
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        outbox.add(new Marker(null, flushed));
        try {
            flushed.get(5, TimeUnit.SECONDS); // what was said before is written, as a master's last writes are
        } catch (Exception e) {
            throw new IllegalStateException("the lifeline's messages were not written within 5 s", e);
        }
        synchronized (lock) {
            Watchdog w = watchdog;
            bound = false;
            watchdog = null;
            if (w != null) {
                Libc.close(w.writeFd);
            }
        }
    }

    // ---- internals ---------------------------------------------------------------------------

    /** Starts a watchdog and queues every known entry for it. Caller holds the lock. */
    private void spawn() {
        int readFd;
        int writeFd;
        try (NativeBlock fds = new NativeBlock(8)) {
            if (Libc.pipe2(fds, Sys.O_CLOEXEC) != 0) {
                throw new IllegalStateException("cannot start the lifeline process: "
                        + new NativeCallException("pipe2", Errno.last()).getMessage());
            }
            readFd = fds.getInt(0);
            writeFd = fds.getInt(4);
        }
        try {
            if (registry == null) {
                registry = Files.createTempDirectory(registryParent, "hsu-lifeline-" + ProcessHandle.current().pid() + "-",
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(registry); // a detach removed it
            }
        } catch (IOException e) {
            Libc.close(readFd);
            Libc.close(writeFd);
            throw new IllegalStateException("cannot start the lifeline process: cannot make its registry in "
                    + registryParent + ": " + e, e);
        }
        List<byte[]> argv = List.of(bytes(SHELL), bytes("-c"), bytes(SCRIPT), bytes(ARG0), bytes(registry.toString()));
        SpawnPlan plan = new SpawnPlan(bytes(SHELL), argv, List.of(bytes("PATH=/usr/bin:/bin"), bytes("LC_ALL=C")),
                bytes("/"), List.of(new SpawnPlan.FdAction.Dup2(readFd, 0),
                        new SpawnPlan.FdAction.Open(1, bytes("/dev/null"), Sys.O_WRONLY, 0)));
        int pid;
        try {
            pid = Spawner.spawn(plan);
        } catch (NativeCallException e) {
            Libc.close(readFd);
            Libc.close(writeFd);
            throw new IllegalStateException("cannot start the lifeline process " + SHELL + ": " + e.getMessage(), e);
        }
        Libc.close(readFd); // only the watchdog may hold the read end, only the master the write end
        int pidfd = (int) Libc.syscall(Arch.SYS_PIDFD_OPEN, pid, 0);
        long token = loop.newToken();
        Watchdog w = new Watchdog(pid, pidfd, token, writeFd);
        try {
            if (pidfd < 0) {
                throw new NativeCallException("pidfd_open", Errno.last());
            }
            loop.register(pidfd, token, w);
        } catch (NativeCallException e) {
            Libc.kill(pid, LinuxSignals.SIGKILL);
            Libc.close(writeFd);
            throw new IllegalStateException("cannot watch the lifeline process " + pid + ": " + e.getMessage(), e);
        }
        watchdog = w;
        for (Map.Entry<Long, String> e : entries.entrySet()) {
            outbox.add(new Add(e.getKey(), e.getValue()));
        }
        if (parents != null) {
            outbox.add(new Parents(parents)); // a detach removed the registry with the file
        }
        if (writer == null) {
            writer = Thread.ofVirtual().name("hsu-lifeline-writer").start(this::writeLoop);
        }
        LOG.debug("lifeline process {} started: units die with the master", pid);
    }

    private void onWatchdogExit(Watchdog w, int status) {
        synchronized (lock) {
            if (watchdog != w) {
                return;
            }
            watchdog = null;
            Libc.close(w.writeFd);
            if (!bound) {
                return; // detached as asked
            }
            long now = System.nanoTime();
            respawns.removeIf(t -> now - t > TimeUnit.MINUTES.toNanos(1));
            if (respawns.size() >= MAX_RESPAWNS_PER_MINUTE) {
                LOG.error("the lifeline process {} ended ({}) and it ended {} times within a minute; not starting "
                        + "another: if the master dies now, its units keep running (the next master's start kills "
                        + "what is left in HSU's cgroups)", w.pid, describe(status), respawns.size());
                return;
            }
            respawns.add(now);
            LOG.error("the lifeline process {} ended unexpectedly ({}); starting another", w.pid, describe(status));
            try {
                spawn();
            } catch (IllegalStateException e) {
                LOG.error("{}; if the master dies now, its units keep running", e.getMessage());
            }
        }
    }

    private void writeLoop() {
        while (true) {
            Object message;
            try {
                message = outbox.take();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                Watchdog w = watchdog;
                if (message instanceof Marker m) {
                    if (w != null && m.line() != null) {
                        write(w, m.line());
                    }
                    m.written().complete(null);
                } else if (w != null && message instanceof Change change) {
                    apply(change);
                }
            }
        }
    }

    /** Writer thread, under the lock. A failure leaves the entry out: logged, the unit still runs. */
    private void apply(Change change) {
        try {
            switch (change) {
                case Add a -> Files.writeString(registry.resolve(Long.toString(a.pid())), a.entry() + "\n");
                case Remove r -> Files.deleteIfExists(registry.resolve(Long.toString(r.pid())));
                case Parents p -> Files.writeString(registry.resolve(".cgroups"), p.text());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("the lifeline registry {} could not be updated ({}); if the master dies, {}", registry, e,
                    change instanceof Add a ? "pid " + a.pid() + " is not killed with it"
                            : change instanceof Parents ? "HSU's cgroup directories are left behind"
                            : "a stale entry may remain");
        }
    }

    /** Writes one line; a line is below PIPE_BUF, so the kernel writes it whole. */
    private static void write(Watchdog w, String line) {
        byte[] data = bytes(line + "\n");
        try (NativeBlock buffer = new NativeBlock(data.length)) {
            buffer.write(0, data, 0, data.length);
            long off = 0;
            while (off < data.length) {
                long n = Libc.write(w.writeFd, buffer.share(off), data.length - off);
                if (n < 0) {
                    int errno = Errno.last();
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    // EPIPE: it died; its exit handler starts another, which is told everything again
                    LOG.debug("writing to the lifeline process {} failed: {}", w.pid, Errno.describe(errno));
                    return;
                }
                off += n;
            }
        }
    }

    private static String describe(int status) {
        return status < 0 ? "status unknown" : WaitStatus.decode(status).toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

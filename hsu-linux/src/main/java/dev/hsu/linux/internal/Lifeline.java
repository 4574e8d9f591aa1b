package dev.hsu.linux.internal;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@link #SCRIPT}, reads from a pipe whose only write end the master holds. The master tells it
 * each unit process as it starts ({@code +pid pgid cgroup-dir}) and ends ({@code -pid}); when
 * the pipe reaches end-of-file, which the kernel makes happen as the master's last fd closes,
 * the watchdog kills every unit it was told of, with its whole tree: through the unit's cgroup
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
 * <p>Thread-safety: safe from any thread; {@link #forget} never blocks (it is called on the event
 * loop thread), messages are written by one virtual thread in order.
 */
final class Lifeline {
    private static final Logger LOG = LoggerFactory.getLogger(Lifeline.class);

    /** $0 of the watchdog shell, visible in ps. */
    static final String ARG0 = "hsu-lifeline";

    /**
     * The watchdog. Entries are kept in one newline-separated string with a leading newline, so
     * that an entry is found as {@code \npid } and removed with parameter expansions alone (no
     * fork per message). Signals that would end it by accident (Ctrl-C reaches a terminal's whole
     * foreground group) are ignored.
     */
    static final String SCRIPT = """
            trap '' HUP INT QUIT TERM PIPE
            nl='
            '
            list=$nl
            while IFS= read -r line; do
              case $line in
                +*) list=$list${line#?}$nl ;;
                -*) id=${line#?}
                    case $list in
                      *"$nl$id "*) before=${list%%"$nl$id "*}; after=${list#*"$nl$id "}; after=${after#*"$nl"}
                                   list=$before$nl$after ;;
                    esac ;;
                detach) exit 0 ;;
              esac
            done
            set -f
            IFS=$nl
            for entry in $list; do
              IFS=' '
              set -- $entry
              pid=$1 pgid=$2 dir=$3
              if [ -n "$dir" ] && [ "$dir" != - ] && [ -d "$dir" ]; then
                if [ -e "$dir/cgroup.kill" ]; then
                  echo 1 > "$dir/cgroup.kill"
                elif [ -e "$dir/freezer.state" ]; then
                  echo FROZEN > "$dir/freezer.state"
                  n=0
                  while [ "$(cat "$dir/freezer.state")" != FROZEN ] && [ $n -lt 1000 ]; do n=$((n + 1)); done
                  IFS=" $nl"; kill -s KILL $(cat "$dir/cgroup.procs") 2>/dev/null
                  echo THAWED > "$dir/freezer.state"
                else
                  IFS=" $nl"
                  for round in 1 2 3; do kill -s KILL $(cat "$dir/cgroup.procs") 2>/dev/null; done
                fi
              fi
              kill -s KILL -- "-$pgid" 2>/dev/null
              kill -s KILL "$pid" 2>/dev/null
              IFS=$nl
            done
            """;

    private static final String SHELL = "/bin/sh";
    private static final String DETACH = "detach";
    /** More unexpected watchdog deaths than this within a minute: stop starting new ones. */
    private static final int MAX_RESPAWNS_PER_MINUTE = 5;

    private final EventLoop loop;
    /** pid → "pid pgid dir", every unit process the watchdog must kill. */
    private final Map<Long, String> entries = new ConcurrentHashMap<>();
    private final BlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private final List<Long> respawns = new ArrayList<>();

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
            try (Memory word = new Memory(4)) {
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

    Lifeline(EventLoop loop) {
        this.loop = loop;
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
        outbox.add("+" + entry);
    }

    /** The process ended: nothing to kill for it any more. Never blocks. */
    void forget(long pid) {
        if (entries.remove(pid) != null) {
            outbox.add("-" + pid);
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
        try (Memory fds = new Memory(8)) {
            if (Libc.pipe2(fds, Sys.O_CLOEXEC) != 0) {
                throw new IllegalStateException("cannot start the lifeline process: "
                        + new NativeCallException("pipe2", Errno.last()).getMessage());
            }
            readFd = fds.getInt(0);
            writeFd = fds.getInt(4);
        }
        List<byte[]> argv = List.of(bytes(SHELL), bytes("-c"), bytes(SCRIPT), bytes(ARG0));
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
        for (String entry : entries.values()) {
            outbox.add("+" + entry);
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
                } else if (w != null) {
                    write(w, (String) message);
                }
            }
        }
    }

    /** Writes one line; a line is below PIPE_BUF, so the kernel writes it whole. */
    private static void write(Watchdog w, String line) {
        byte[] data = bytes(line + "\n");
        try (Memory buffer = new Memory(data.length)) {
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

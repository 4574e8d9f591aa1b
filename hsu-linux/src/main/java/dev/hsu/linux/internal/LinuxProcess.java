package dev.hsu.linux.internal;

import com.sun.jna.Pointer;
import dev.hsu.spi.AdoptionRecord;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.PreparedLaunch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child started by {@link LinuxProcessLauncher}: its pid, its pidfd (registered in the event
 * loop) and its capture pipes.
 *
 * <p>Identity: until it is reaped the pid cannot be reused (a zombie keeps it), so signalling by
 * pid is safe while {@link #reaped} is false; the reap and every signal by pid take this object's
 * monitor, which closes the window between "not reaped yet" and {@code kill}. The monitor is
 * held for one system call or one small /proc read, so the loop thread waits microseconds at most.
 *
 * <p>Adopted processes ({@link ProcessAdopter}): started by an earlier master, so not children of
 * this one. Their exit is seen through the pidfd as well, but only their parent can reap them:
 * the status is read from the zombie's {@code /proc/<pid>/stat} if it is still there, else it is
 * {@link ExitStatus.Unknown}. Signals to the process go through the pidfd (a pid that is not our
 * child is not kept from reuse by us).
 *
 * <p>Thread-safety: safe from any thread.
 */
final class LinuxProcess implements LaunchedProcess, EventLoop.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxProcess.class);

    /** An armed replacement (see {@link #respawnOnExit}). */
    private record Respawn(PreparedLinuxLaunch next, Predicate<ExitStatus> when) {
    }

    private final int pid;
    private final String unitId;
    private final Confinement confinement;
    private final EventLoop loop;
    private final StartTimes startTimes;
    private final List<CapturePipe> pipes;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private final long token;
    private final int pidfd;
    private final boolean child;
    private final int pgid;
    /** Null when the launcher has no lifeline or adoption support (tests). */
    private final ProcessAdopter adopter;
    private volatile boolean reaped;
    /** Guarded by this. */
    private boolean pidfdReleased;
    private volatile Instant startTime;
    private final AtomicReference<Respawn> armed = new AtomicReference<>();
    private volatile LaunchedProcess replacement;
    /** Null until first asked for. */
    private volatile Optional<AdoptionRecord> record;

    LinuxProcess(int pid, int pidfd, long token, String unitId, Confinement confinement, EventLoop loop,
            StartTimes startTimes, List<CapturePipe> pipes) {
        this(pid, pidfd, token, unitId, confinement, loop, startTimes, pipes, true, pid, null);
    }

    /**
     * @param child false for an adopted process (not ours to reap)
     * @param pgid its process group (the pid for a launched one)
     * @param adopter records and adopts processes; also told of the reap (the lifeline forgets it)
     */
    LinuxProcess(int pid, int pidfd, long token, String unitId, Confinement confinement, EventLoop loop,
            StartTimes startTimes, List<CapturePipe> pipes, boolean child, int pgid, ProcessAdopter adopter) {
        this.child = child;
        this.pgid = pgid;
        this.adopter = adopter;
        this.pid = pid;
        this.pidfd = pidfd;
        this.token = token;
        this.unitId = unitId;
        this.confinement = confinement;
        this.loop = loop;
        this.startTimes = startTimes;
        this.pipes = List.copyOf(pipes);
    }

    @Override
    public long pid() {
        return pid;
    }

    /** The pidfd's registration token in the event loop. */
    long token() {
        return token;
    }

    /**
     * Read from {@code /proc/<pid>/stat} on first use (a launch does not pay for it); if nobody
     * asked before the exit, it is read just before the reap, while the zombie still has it.
     */
    @Override
    public Instant startTime() {
        Instant known = startTime;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (startTime == null) {
                // After the reap the entry is gone; the value was stored before it (see onReady).
                startTime = reaped ? Instant.EPOCH : startTimes.of(pid).orElse(Instant.EPOCH);
            }
            return startTime;
        }
    }

    /**
     * A new dependent future per call (as {@link Process#onExit()} does), so a caller that
     * completes or times out its future cannot fake the exit for the others. Each call adds one
     * small dependent until the exit: call it once per consumer, use {@link #isAlive()} to poll.
     */
    @Override
    public CompletableFuture<ExitStatus> onExit() {
        return exit.copy();
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public Confinement confinement() {
        return confinement;
    }

    /** True once the exit status was collected: the pid may then belong to someone else. */
    boolean isReaped() {
        return reaped;
    }

    /**
     * Sends {@code signal} to the process ({@code group == false}) or to its process group, unless
     * it has been reaped.
     *
     * @return 0 on success, else the errno (ESRCH when already reaped)
     */
    synchronized int kill(int signal, boolean group) {
        if (reaped) {
            return Errno.ESRCH;
        }
        if (!child && !group) {
            return Libc.syscall(Arch.SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0) == 0 ? 0 : Errno.last();
        }
        return Libc.kill(group ? -pgid : pid, signal) == 0 ? 0 : Errno.last();
    }

    /** Its process group id: its pid, unless it was adopted with another. */
    int pgid() {
        return pgid;
    }

    /** False for a process adopted from an earlier master. */
    boolean isChild() {
        return child;
    }

    /**
     * Made once (a /proc read) and kept: nothing in it changes while the process lives, and the
     * state file asks for every unit's record at each change of any unit.
     */
    @Override
    public Optional<AdoptionRecord> adoptionRecord() {
        if (adopter == null || reaped) {
            return Optional.empty();
        }
        Optional<AdoptionRecord> known = record;
        if (known == null) {
            known = adopter.recordOf(this);
            if (known.isPresent()) {
                record = known; // an empty answer (pid gone) is not kept: asked again, it stays empty
            }
        }
        return reaped ? Optional.empty() : known;
    }

    /** Exits go first in a batch of events (see {@link EventLoop.Handler#urgent()}). */
    @Override
    public boolean urgent() {
        return true;
    }

    /**
     * The pidfd became readable: the process has exited and is a zombie. Loop thread only.
     *
     * <p>Order: reap, then the armed replacement's spawn (nothing else stands between an exit
     * and the restart it calls for), then the last output of the pipes, then the exit is told.
     */
    @Override
    public void onReady(int events) {
        ExitStatus status;
        try {
            status = reap();
        } catch (IllegalStateException e) {
            exit.completeExceptionally(e);
            return;
        }
        if (status == null) {
            return;
        }
        Respawn respawn = armed.getAndSet(null);
        if (respawn != null && respawn.when().test(status)) {
            try {
                replacement = respawn.next().start();
            } catch (LaunchException | RuntimeException e) {
                // The supervisor sees no replacement and restarts the usual way, which reports it.
                LOG.debug("unit {}: the prepared restart did not start: {}", unitId, e.getMessage());
            }
        }
        // After the spawn: a prepared restart waits for nothing else.
        releasePidfd();
        if (confinement instanceof LinuxConfinement c && c.cgroup() != null) {
            c.cgroup().mainExited();
        }
        // Its last output is in the pipes now; deliver it before anyone hears of the exit.
        for (CapturePipe pipe : pipes) {
            pipe.drainAtExit();
        }
        if (adopter != null) {
            adopter.reaped(this);
        }
        exit.complete(status);
    }

    /**
     * See {@link LaunchedProcess#respawnOnExit}. The start time is read now, so the exit path does
     * not read /proc before the spawn.
     */
    @Override
    public boolean respawnOnExit(PreparedLaunch next, Predicate<ExitStatus> when) {
        if (!(next instanceof PreparedLinuxLaunch linux) || !child || exit.isDone()) {
            return false;
        }
        startTime();
        Respawn respawn = new Respawn(linux, when);
        if (!armed.compareAndSet(null, respawn)) {
            return false;
        }
        // Reaped before the arming was seen: take it back, unless the loop took it after all.
        // (The loop sets reaped before it looks at armed, so a false here means it will see it.)
        if (reaped && armed.compareAndSet(respawn, null)) {
            return false;
        }
        linux.openJoinsAhead();
        return true;
    }

    /** See {@link LaunchedProcess#cancelRespawn}. */
    @Override
    public boolean cancelRespawn() {
        return armed.getAndSet(null) != null;
    }

    @Override
    public Optional<LaunchedProcess> replacement() {
        return Optional.ofNullable(replacement);
    }

    /** @return the status, or null if not waitable yet (epoll reports it again) or already reaped */
    private synchronized ExitStatus reap() {
        if (reaped) {
            return null;
        }
        if (startTime == null) {
            startTime = startTimes.of(pid).orElse(Instant.EPOCH);
        }
        if (!child) {
            // Not ours to wait for: its parent (init, or a subreaper) reaps it, maybe already.
            Optional<Integer> word = startTimes.zombieExitStatus(pid);
            reaped = true;
            releasePidfd();
            return word.<ExitStatus>map(WaitStatus::decode)
                    .orElseGet(() -> new ExitStatus.Unknown("exit status unknown (adopted process)"));
        }
        // The loop's scratch buffer: reap runs on the loop thread only (from onReady).
        Pointer statusWord = loop.nativeBuffer();
        int r;
        do {
            r = Libc.waitpid(pid, statusWord, Sys.WNOHANG);
        } while (r < 0 && Errno.last() == Errno.EINTR);
        if (r == 0) {
            return null;
        }
        int errno = r < 0 ? Errno.last() : 0;
        reaped = true;
        if (r < 0) {
            releasePidfd();
            throw new IllegalStateException("the exit status of unit " + unitId + " (pid " + pid
                    + ") could not be collected: " + Errno.describe(errno)
                    + "; something else in the master reaped it (is SIGCHLD ignored?)");
        }
        return WaitStatus.decode(statusWord.getInt(0));
    }

    /** Stops watching the pidfd and closes it, once. */
    private synchronized void releasePidfd() {
        if (!pidfdReleased) {
            pidfdReleased = true;
            loop.unregister(pidfd, token);
            Libc.close(pidfd);
        }
    }

    @Override
    public String toString() {
        return "process " + pid + " of unit " + unitId;
    }
}

package dev.hsu.macos.internal;

import com.sun.jna.Memory;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A child started by {@link MacProcessLauncher}: its pid, its capture pipes, its exit knote.
 *
 * <p>Identity: until it is reaped the pid cannot be reused (a zombie keeps it), so signalling by
 * pid is safe while {@link #isReaped()} is false; the reap and every signal by pid take this
 * object's monitor.
 *
 * <p>The exit: {@code NOTE_EXIT} fires in the kernel's exit path, possibly a moment before the
 * process is waitable, so a {@code WNOHANG} reap that finds nothing falls back to a blocking
 * {@code waitpid} of this one pid, which returns within microseconds. The pipes are drained first,
 * so the last output is delivered before the exit is reported.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class MacProcess implements LaunchedProcess, KqueueLoop.Handler {
    private final MacLibc libc;
    private final KqueueLoop loop;
    private final int pid;
    private final long token;
    private final String unitId;
    private final Confinement confinement;
    private final Instant startTime;
    private final List<CapturePipe> pipes;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private volatile boolean reaped;
    private volatile boolean exitCertain;

    MacProcess(MacLibc libc, KqueueLoop loop, int pid, long token, String unitId, Confinement confinement,
            Instant startTime, List<CapturePipe> pipes) {
        this.libc = libc;
        this.loop = loop;
        this.pid = pid;
        this.token = token;
        this.unitId = unitId;
        this.confinement = confinement;
        this.startTime = startTime;
        this.pipes = List.copyOf(pipes);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    /** A new dependent future per call, so no caller can fake the exit for the others. */
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

    long token() {
        return token;
    }

    String unitId() {
        return unitId;
    }

    boolean isReaped() {
        return reaped;
    }

    /**
     * Sends {@code signal} to the process, or to its group, unless it has been reaped.
     *
     * @return 0, or the errno (ESRCH once reaped)
     */
    synchronized int kill(int signal, boolean group) {
        if (reaped) {
            return Errno.ESRCH;
        }
        return libc.kill(group ? -pid : pid, signal) == 0 ? 0 : libc.lastError();
    }

    /** Set by the launcher when it knows the child has exited although no knote will say so. */
    void exitCertain() {
        exitCertain = true;
    }

    /** The exit knote fired, or the launcher posted the exit. Loop thread. */
    @Override
    public void onEvent(short filter, short flags, long data) {
        if (reaped) {
            return;
        }
        for (CapturePipe pipe : pipes) {
            pipe.drainAtExit();
        }
        ExitStatus status;
        try {
            status = reap(filter == Darwin.EVFILT_PROC || exitCertain);
        } catch (IllegalStateException e) {
            loop.forget(token);
            exit.completeExceptionally(e);
            return;
        }
        if (status != null) {
            loop.forget(token);
            exit.complete(status);
        }
    }

    /**
     * @param exited true if the process is known to have exited (a blocking wait returns at once)
     * @return the status, or null if it is still running (only when not known to have exited)
     */
    private synchronized ExitStatus reap(boolean exited) {
        if (reaped) {
            return null;
        }
        try (Memory word = new Memory(4)) {
            int r = waitpid(word, Darwin.WNOHANG);
            if (r == 0) {
                if (!exited) {
                    return null;
                }
                r = waitpid(word, 0); // exiting, not yet waitable: a moment
            }
            reaped = true;
            if (r < 0) {
                throw new IllegalStateException("the exit status of unit " + unitId + " (pid " + pid + ") could not be "
                        + "collected: " + Errno.describe(libc.lastError()) + "; something else in the master reaped it "
                        + "(is SIGCHLD ignored?)");
            }
            return WaitStatus.decode(word.getInt(0));
        }
    }

    private int waitpid(Memory word, int options) {
        int r;
        do {
            r = libc.waitpid(pid, word, options);
        } while (r < 0 && libc.lastError() == Errno.EINTR);
        return r;
    }

    @Override
    public String toString() {
        return "process " + pid + " of unit " + unitId;
    }
}

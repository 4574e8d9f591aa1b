package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A process started by {@link WindowsProcessLauncher}: its handle (which keeps its pid from being
 * reused while the master holds it), its Job Object, its capture pipes, and how it takes a graceful
 * stop ({@link PeImage.Kind}).
 *
 * <p>The exit arrives as a packet from {@link ExitWatcher} on the loop thread. If a capture pipe
 * still has a completed read whose packet is queued behind it, the exit packet is posted again,
 * behind the output, so that the last words are delivered before anyone hears of the exit (up to
 * {@link #MAX_DEFERRALS} times, against a descendant that never stops writing). Then the exit code
 * is read, the handle closed, and {@link #onExit()} completes.
 *
 * <p>Identity: the handle is used only while {@link #isAlive()}, under this object's monitor, which
 * the exit also takes before closing it.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class WindowsProcess implements LaunchedProcess, IocpLoop.Handler {
    /** Output packets let through before an exit is reported anyway. */
    static final int MAX_DEFERRALS = 256;

    private final Kernel32 k32;
    private final IocpLoop loop;
    private final ExitWatcher watcher;
    private final int pid;
    private final HANDLE handle;
    private final long key;
    private final String unitId;
    private final Confinement confinement;
    private final WindowsConfinement job;
    private final Runnable onEnded;
    private final PeImage.Kind kind;
    private final boolean ownConsole;
    private final Instant startTime;
    private final List<CapturePipe> pipes;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private volatile HANDLE waitHandle;
    private volatile boolean ended;
    private volatile boolean termSent;
    private volatile boolean killSent;
    private int deferrals;

    /**
     * @param confinement the spec's (what {@link #confinement()} returns)
     * @param job the Job Object it runs in (the spec's, or a private one for a foreign confinement)
     * @param onEnded run on the loop thread once the exit is reported (releases a private job)
     * @param ownConsole true if it has a console of its own, which the master attaches to for CTRL_BREAK
     */
    WindowsProcess(Kernel32 k32, IocpLoop loop, ExitWatcher watcher, int pid, HANDLE handle, long key, String unitId,
            Confinement confinement, WindowsConfinement job, Runnable onEnded, PeImage.Kind kind, boolean ownConsole,
            Instant startTime, List<CapturePipe> pipes) {
        this.k32 = k32;
        this.loop = loop;
        this.watcher = watcher;
        this.pid = pid;
        this.handle = handle;
        this.key = key;
        this.unitId = unitId;
        this.confinement = confinement;
        this.job = job;
        this.onEnded = onEnded;
        this.kind = kind;
        this.ownConsole = ownConsole;
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

    /**
     * A new dependent future per call, so a caller that completes or times out its future cannot
     * fake the exit for the others.
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

    String unitId() {
        return unitId;
    }

    long key() {
        return key;
    }

    WindowsConfinement job() {
        return job;
    }

    PeImage.Kind kind() {
        return kind;
    }

    boolean ownConsole() {
        return ownConsole;
    }

    /** Called by the launcher once the wait is registered. */
    void waitHandle(HANDLE wait) {
        this.waitHandle = wait;
    }

    /** Records that TERM was sent (an exit by CTRL_BREAK then reads as TERM). */
    void termSent() {
        termSent = true;
    }

    /** Records that KILL was sent (an exit with {@link ExitCodes#KILL_EXIT_CODE} then reads as KILL). */
    void killSent() {
        killSent = true;
    }

    /**
     * Terminates this process only (not its job), unless it has ended.
     *
     * @return false if it had ended, else whether TerminateProcess succeeded
     */
    synchronized boolean terminate() {
        if (ended) {
            return false;
        }
        killSent = true;
        return k32.TerminateProcess(handle, ExitCodes.KILL_EXIT_CODE);
    }

    /** The exit packet (loop thread). */
    @Override
    public void onCompletion(int bytes, Pointer overlapped, int error) {
        if (ended) {
            return;
        }
        for (CapturePipe pipe : pipes) {
            if (pipe.hasUndeliveredOutput() && deferrals < MAX_DEFERRALS && loop.post(key)) {
                deferrals++;
                return; // behind the queued output
            }
        }
        IntByReference code = new IntByReference();
        boolean read;
        synchronized (this) {
            read = k32.GetExitCodeProcess(handle, code);
            ended = true;
            k32.CloseHandle(handle);
        }
        watcher.unwatch(waitHandle);
        loop.unregister(key);
        try {
            onEnded.run();
        } finally {
            if (read && code.getValue() != Win32.STILL_ACTIVE) {
                exit.complete(ExitCodes.status(code.getValue(), termSent, killSent));
            } else {
                exit.completeExceptionally(new IllegalStateException("the exit code of unit " + unitId + " (pid " + pid
                        + ") could not be read" + (read ? " (still active)" : ": " + Win32Error.describe(k32.lastError()))));
            }
        }
    }

    @Override
    public String toString() {
        return "process " + pid + " of unit " + unitId;
    }
}

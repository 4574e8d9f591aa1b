package dev.hsu.macos.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter's one event thread ({@code hsu-macos-events}), blocked in {@code kevent} on one
 * kqueue that holds an {@code EVFILT_PROC}/{@code NOTE_EXIT} knote for every live child and an
 * {@code EVFILT_READ} knote for the master's end of every capture pipe. No timeout, no polling: the
 * macOS counterpart of the Linux adapter's pidfd/epoll loop.
 *
 * <p>Each registration carries a token, never reused, as its {@code udata}; handlers are keyed by
 * it, so an event fetched for a source that has gone finds no handler instead of a wrong one.
 * {@code EVFILT_USER} knotes serve {@link #post} (ident = the token) and {@link #close()} (ident 0).
 * {@code kevent} changes are thread-safe and take effect in a running wait.
 *
 * <p>Thread-safety: registration, {@link #post} and {@link #close} are safe from any thread;
 * handlers run on the loop thread only, one at a time, and must not block.
 */
final class KqueueLoop implements AutoCloseable {
    /** What the loop calls for an event of the handler's token. */
    interface Handler {
        /**
         * @param filter {@code EVFILT_READ}, {@code EVFILT_PROC} or {@code EVFILT_USER}
         * @param flags the event flags ({@code EV_EOF}, ...)
         * @param data bytes readable ({@code EVFILT_READ}), the exit status ({@code EVFILT_PROC})
         */
        void onEvent(short filter, short flags, long data);
    }

    static final String THREAD_NAME = "hsu-macos-events";
    /** Bytes read from a pipe per call. */
    static final int READ_CHUNK = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(KqueueLoop.class);
    private static final int MAX_EVENTS = 64;
    private static final long WAKE_TOKEN = 0;

    private final MacLibc libc;
    private final int kq;
    private final Map<Long, Handler> handlers = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong(WAKE_TOKEN + 1);
    private final Thread thread;
    private final Memory nativeBuffer = new Memory(READ_CHUNK);
    private final byte[] heapBuffer = new byte[READ_CHUNK];
    private volatile boolean closing;

    /** Creates the kqueue and starts the thread. */
    KqueueLoop(MacLibc libc) throws NativeCallException {
        this.libc = libc;
        this.kq = libc.kqueue();
        if (kq < 0) {
            throw new NativeCallException("kqueue", libc.lastError());
        }
        try {
            change(Kevent.of(WAKE_TOKEN, Darwin.EVFILT_USER, (short) (Darwin.EV_ADD | Darwin.EV_CLEAR), 0, WAKE_TOKEN));
        } catch (NativeCallException e) {
            libc.close(kq);
            throw e;
        }
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(this::run);
        thread.start();
    }

    long newToken() {
        return tokens.getAndIncrement();
    }

    /**
     * Watches {@code fd} for readability (level-triggered) and end of file.
     *
     * @param enabled false to add the knote disabled (a stream paused before it was watched)
     */
    void watchReadable(int fd, long token, Handler handler, boolean enabled) throws NativeCallException {
        handlers.put(token, handler);
        try {
            change(Kevent.of(fd, Darwin.EVFILT_READ, (short) (Darwin.EV_ADD | (enabled ? 0 : Darwin.EV_DISABLE)), 0,
                    token));
        } catch (NativeCallException e) {
            handlers.remove(token);
            throw e;
        }
    }

    /**
     * Watches process {@code pid} for its exit (once).
     *
     * @return false if it has already exited ({@code ESRCH}): no event will come, reap it now
     */
    boolean watchExit(int pid, long token, Handler handler) throws NativeCallException {
        handlers.put(token, handler);
        try {
            change(Kevent.of(pid, Darwin.EVFILT_PROC, (short) (Darwin.EV_ADD | Darwin.EV_ONESHOT), Darwin.NOTE_EXIT, token));
            return true;
        } catch (NativeCallException e) {
            handlers.remove(token);
            if (e.errno() == Errno.ESRCH) {
                return false;
            }
            throw e;
        }
    }

    /** Calls {@code handler} once on the loop thread, with {@code EVFILT_USER}. */
    void post(long token, Handler handler) throws NativeCallException {
        handlers.put(token, handler);
        try {
            change(Kevent.of(token, Darwin.EVFILT_USER, (short) (Darwin.EV_ADD | Darwin.EV_ONESHOT), Darwin.NOTE_TRIGGER,
                    token));
        } catch (NativeCallException e) {
            handlers.remove(token);
            throw e;
        }
    }

    /** Stops watching {@code fd}; call before closing it. Events already fetched for it are dropped. */
    void unwatchReadable(int fd, long token) {
        handlers.remove(token);
        try {
            change(Kevent.of(fd, Darwin.EVFILT_READ, Darwin.EV_DELETE, 0, token));
        } catch (NativeCallException e) {
            LOG.debug("kevent EV_DELETE of fd {} failed: {}", fd, e.getMessage());
        }
    }

    /**
     * Stops ({@code enabled == false}) or restarts the readiness events of a watched fd, keeping its
     * handler (flow control).
     */
    void enableReadable(int fd, long token, boolean enabled) throws NativeCallException {
        change(Kevent.of(fd, Darwin.EVFILT_READ, enabled ? Darwin.EV_ENABLE : Darwin.EV_DISABLE, 0, token));
    }

    /** Forgets a token whose knote is gone (a one-shot exit or post that fired). */
    void forget(long token) {
        handlers.remove(token);
    }

    /** The loop's native read buffer of {@link #READ_CHUNK} bytes; loop thread only. */
    Pointer nativeBuffer() {
        return nativeBuffer;
    }

    /** The loop's heap copy buffer of {@link #READ_CHUNK} bytes; loop thread only. */
    byte[] heapBuffer() {
        return heapBuffer;
    }

    int registrations() {
        return handlers.size();
    }

    Thread thread() {
        return thread;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops the thread and closes the kqueue. Watched fds stay open (their owners close them). */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            change(Kevent.of(WAKE_TOKEN, Darwin.EVFILT_USER, (short) 0, Darwin.NOTE_TRIGGER, WAKE_TOKEN));
        } catch (NativeCallException e) {
            LOG.warn("could not wake the event thread to close it: {}", e.getMessage());
        }
        if (!inLoop()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        int size = new Kevent().size();
        try (Memory events = new Memory((long) size * MAX_EVENTS)) {
            while (!closing) {
                int n = libc.kevent(kq, null, 0, events, MAX_EVENTS, null);
                if (n < 0) {
                    int errno = libc.lastError();
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    LOG.error("kevent failed ({}); the macOS adapter stops seeing exits and output", Errno.describe(errno));
                    return;
                }
                for (int i = 0; i < n; i++) {
                    dispatch(new Kevent(events.share((long) i * size, size)));
                }
            }
        } finally {
            libc.close(kq);
            nativeBuffer.close();
        }
    }

    private void dispatch(Kevent event) {
        if (event.udata == WAKE_TOKEN) {
            return;
        }
        Handler handler = handlers.get(event.udata);
        if (handler == null) {
            return;
        }
        try {
            handler.onEvent(event.filter, event.flags, event.data);
        } catch (RuntimeException | Error e) {
            LOG.error("event handler failed; the loop continues", e);
        }
    }

    private void change(Kevent change) throws NativeCallException {
        if (libc.kevent(kq, change.getPointer(), 1, null, 0, null) < 0) {
            throw new NativeCallException("kevent", libc.lastError());
        }
    }
}

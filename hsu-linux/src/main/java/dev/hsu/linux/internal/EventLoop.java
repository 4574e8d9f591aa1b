package dev.hsu.linux.internal;

import com.sun.jna.Pointer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter's one I/O thread: an epoll set holding the pidfd of every live child and the
 * master's end of every capture pipe. It sleeps in {@code epoll_wait} until the kernel reports
 * an exit or output; there is no timeout and no polling.
 *
 * <p>Registrations come from any thread: {@code epoll_ctl} is thread-safe and takes effect in
 * a running {@code epoll_wait}, so no wake-up is needed. Each registration carries a token, never
 * reused, as its epoll data; the handler table is keyed by token so an event that was already
 * fetched for an fd that has since been closed (and whose number was reused) finds no handler
 * instead of the wrong one. Level-triggered: a handler that reads only part of what is ready is
 * called again, which keeps one fast writer from starving the others.
 *
 * <p>An eventfd serves only {@link #close()}.
 *
 * <p>Thread-safety: {@link #register}, {@link #unregister} and {@link #close} are safe from any
 * thread; handlers run on the loop thread only, one at a time, and must not block.
 */
final class EventLoop implements AutoCloseable {
    /** What the loop calls when a registered fd is ready. */
    interface Handler {
        /** @param events the epoll event bits */
        void onReady(int events);

        /**
         * True for a handler whose events go first in a batch: a process exit, whose restart may
         * be waiting on it. An exiting process closes its pipes before it becomes waitable, so
         * their hang-ups arrive in the same batch ahead of its pidfd.
         */
        default boolean urgent() {
            return false;
        }
    }

    static final String THREAD_NAME = "hsu-linux-events";
    /** Bytes read from a pipe per call; the default pipe capacity. */
    static final int READ_CHUNK = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final int MAX_EVENTS = 256;
    private static final long WAKE_TOKEN = 0;

    private static EventLoop shared;

    private final Arch arch;
    private final int epollFd;
    private final int wakeFd;
    private final Map<Long, Handler> handlers = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong(WAKE_TOKEN + 1);
    private final Thread thread;
    private volatile boolean closing;

    // Owned by the loop thread: the buffers every capture pipe reads into.
    private final NativeBlock nativeBuffer = new NativeBlock(READ_CHUNK);
    private final byte[] heapBuffer = new byte[READ_CHUNK];

    /** Creates the epoll set and starts the thread. */
    EventLoop(Arch arch) throws NativeCallException {
        this.arch = arch;
        this.epollFd = Libc.epoll_create1(Sys.EPOLL_CLOEXEC);
        if (epollFd < 0) {
            throw new NativeCallException("epoll_create1", Errno.last());
        }
        this.wakeFd = Libc.eventfd(0, Sys.EFD_CLOEXEC | Sys.EFD_NONBLOCK);
        if (wakeFd < 0) {
            int errno = Errno.last();
            Libc.close(epollFd);
            throw new NativeCallException("eventfd", errno);
        }
        try {
            ctl(Sys.EPOLL_CTL_ADD, wakeFd, Sys.EPOLLIN, WAKE_TOKEN);
        } catch (NativeCallException e) {
            Libc.close(wakeFd);
            Libc.close(epollFd);
            throw e;
        }
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(this::run);
        thread.start();
    }

    /** The loop every launcher of this JVM shares, started on first use. */
    static synchronized EventLoop shared(Arch arch) throws NativeCallException {
        if (shared == null || shared.closing) {
            shared = new EventLoop(arch);
        }
        return shared;
    }

    /** A fresh token for {@link #register}; take it first so the handler can know it before any event. */
    long newToken() {
        return tokens.getAndIncrement();
    }

    /** Watches {@code fd} for readability (and hang-up) and calls {@code handler} on the loop thread. */
    void register(int fd, long token, Handler handler) throws NativeCallException {
        handlers.put(token, handler);
        try {
            ctl(Sys.EPOLL_CTL_ADD, fd, Sys.EPOLLIN, token);
        } catch (NativeCallException e) {
            handlers.remove(token);
            throw e;
        }
    }

    /**
     * Registers a handler whose fd starts suspended (not in the epoll set): {@link #resume} adds
     * the fd later, {@link #unregister} drops both as usual.
     */
    void adopt(long token, Handler handler) {
        handlers.put(token, handler);
    }

    /** Stops watching {@code fd}; call before closing it. Events already fetched for it are dropped. */
    void unregister(int fd, long token) {
        handlers.remove(token);
        try {
            ctl(Sys.EPOLL_CTL_DEL, fd, 0, token);
        } catch (NativeCallException e) {
            LOG.debug("epoll_ctl DEL of fd {} failed: {}", fd, e.getMessage());
        }
    }

    /**
     * Stops watching {@code fd} for now but keeps its handler: the flow-control pause of a capture
     * pipe. A deletion rather than a {@code MOD} to no events, because epoll reports a hang-up
     * whatever the mask, and a paused pipe whose writer has gone would wake the loop forever.
     * Events already fetched for it are still dispatched; the handler ignores them.
     */
    void suspend(int fd, long token) throws NativeCallException {
        ctl(Sys.EPOLL_CTL_DEL, fd, 0, token);
    }

    /** Watches {@code fd} again after {@link #suspend}, with the same token and handler. */
    void resume(int fd, long token) throws NativeCallException {
        ctl(Sys.EPOLL_CTL_ADD, fd, Sys.EPOLLIN, token);
    }

    /** Drops the handler of an fd already out of the epoll set (see {@link #suspend}). */
    void forget(long token) {
        handlers.remove(token);
    }

    /** The loop thread (for tests and diagnostics). */
    Thread thread() {
        return thread;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The loop's native read buffer of {@link #READ_CHUNK} bytes; loop thread only. */
    Pointer nativeBuffer() {
        return nativeBuffer;
    }

    /** The loop's heap copy buffer of {@link #READ_CHUNK} bytes; loop thread only. */
    byte[] heapBuffer() {
        return heapBuffer;
    }

    /** Registered fds, the wake-up eventfd excluded. */
    int registrations() {
        return handlers.size();
    }

    /** Stops the thread and closes the epoll set. Registered fds stay open (their owners close them). */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try (NativeBlock one = new NativeBlock(8)) {
            one.setLong(0, 1);
            Libc.write(wakeFd, one, 8);
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
        LoopScheduling.applyToCurrentThread();
        int size = arch.epollEventSize();
        try (NativeBlock events = new NativeBlock((long) size * MAX_EVENTS)) {
            while (!closing) {
                int n = Libc.epoll_wait(epollFd, events, MAX_EVENTS, -1);
                if (n < 0) {
                    int errno = Errno.last();
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    LOG.error("epoll_wait failed ({}); the Linux adapter stops seeing exits and output",
                            Errno.describe(errno));
                    return;
                }
                for (int pass = 0; pass < 2; pass++) {
                    for (int i = 0; i < n; i++) {
                        long offset = (long) i * size;
                        long token = events.getLong(offset + arch.epollDataOffset());
                        Handler handler = token == WAKE_TOKEN ? null : handlers.get(token);
                        if (handler != null && handler.urgent() == (pass == 0)) {
                            dispatch(handler, events.getInt(offset));
                        }
                    }
                }
            }
        } finally {
            Libc.close(wakeFd);
            Libc.close(epollFd);
            nativeBuffer.close();
        }
    }

    private void dispatch(Handler handler, int readyEvents) {
        try {
            handler.onReady(readyEvents);
        } catch (RuntimeException | Error e) {
            LOG.error("event handler failed; the loop continues", e);
        }
    }

    private void ctl(int op, int fd, int eventMask, long token) throws NativeCallException {
        try (NativeBlock event = new NativeBlock(16)) {
            event.clear();
            event.setInt(0, eventMask);
            event.setLong(arch.epollDataOffset(), token);
            if (Libc.epoll_ctl(epollFd, op, fd, event) != 0) {
                throw new NativeCallException("epoll_ctl", Errno.last());
            }
        }
    }
}

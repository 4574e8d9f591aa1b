package dev.hsu.linux.internal;

import dev.hsu.spi.OutputFlow;
import dev.hsu.spi.OutputSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's (non-blocking) read end of a pipe whose write end is a child's stdout and/or
 * stderr. Lives until end of file, which comes when the child <em>and every descendant</em>
 * holding the write end have closed it, so output keeps flowing after the main process exited.
 *
 * <p>Flow control: the pipe is the sink's {@link OutputFlow} (handed over with
 * {@link OutputSink#attach} at construction). {@link #pause()} takes the fd out of the epoll set,
 * so nothing reads it and the child blocks in {@code write()} once the pipe is full;
 * {@link #resume()} puts it back. While paused the exit drain reads nothing either: the rest comes
 * after the resume, then end of file.
 *
 * <p>Thread-safety: all reads happen on the event loop thread (the readiness handler and the
 * drain-before-reap of {@link LinuxProcess}), so the sink is never called concurrently.
 * {@link #pause()} and {@link #resume()} come from any thread; they and the close of the fd hold
 * this object's monitor, so a late resume can never re-add an fd number that was closed (and
 * perhaps reused by another file).
 */
final class CapturePipe implements EventLoop.Handler, OutputFlow {
    private static final Logger LOG = LoggerFactory.getLogger(CapturePipe.class);
    /** Chunks read per readiness event before yielding to other fds (level-triggered: we are called again). */
    private static final int CHUNKS_PER_EVENT = 16;
    /**
     * Upper bound of what can sit in a pipe when its writer exits: the largest pipe the kernel
     * allows by default (/proc/sys/fs/pipe-max-size). Bounding the exit drain keeps a descendant
     * that keeps writing from holding the loop.
     */
    private static final long EXIT_DRAIN_LIMIT = 1024 * 1024 + EventLoop.READ_CHUNK;

    private final EventLoop loop;
    private final int fd;
    private final long token;
    private final OutputSink sink;
    private final String unitId;
    /** Guarded by this; read without the lock by the loop thread's drain (a stale read costs one chunk). */
    private volatile boolean closed;
    private volatile boolean paused;
    /** Guarded by this: false until {@link #register()}, so a pause in the sink's attach only marks it. */
    private boolean registered;
    private boolean sinkFailed;
    /** Set by the exit drain: from then on an end of file is handled at once. */
    private volatile boolean ownerExited;
    /** End of file read before the owner's exit was handled; out of the epoll set, not closed yet. */
    private volatile boolean endPending;

    CapturePipe(EventLoop loop, int fd, long token, OutputSink sink, String unitId) {
        this.loop = loop;
        this.fd = fd;
        this.token = token;
        this.sink = sink;
        this.unitId = unitId;
        try {
            sink.attach(this);
        } catch (RuntimeException e) {
            LOG.warn("output sink of unit {} refused flow control; its output is read without back-pressure",
                    unitId, e);
        }
    }

    /**
     * Adds the pipe to the event loop. A pipe its sink paused already (in {@link OutputSink#attach},
     * before there was anything to take out of the epoll set) gets its handler only: the fd joins
     * the set on the resume.
     */
    synchronized void register() throws NativeCallException {
        if (paused) {
            loop.adopt(token, this);
        } else {
            loop.register(fd, token, this);
        }
        registered = true;
    }

    @Override
    public synchronized void pause() {
        if (closed || paused || endPending) {
            return;
        }
        if (!registered) {
            paused = true;
            return;
        }
        try {
            loop.suspend(fd, token);
            paused = true;
        } catch (NativeCallException e) {
            // Still registered: output keeps flowing, the sink's buffer absorbs it.
            LOG.warn("could not pause the output of unit {} ({}); it is read on", unitId, e.getMessage());
        }
    }

    @Override
    public synchronized void resume() {
        if (closed || !paused || endPending) {
            return;
        }
        if (!registered) {
            paused = false;
            return;
        }
        try {
            loop.resume(fd, token);
            paused = false;
        } catch (NativeCallException e) {
            LOG.error("could not resume the output of unit {} ({}); the unit may block writing it", unitId,
                    e.getMessage());
        }
    }

    /** True while the sink holds the stream back (for tests and diagnostics). */
    boolean isPaused() {
        return paused;
    }

    int fd() {
        return fd;
    }

    long token() {
        return token;
    }

    @Override
    public void onReady(int events) {
        drain(CHUNKS_PER_EVENT * (long) EventLoop.READ_CHUNK);
    }

    /**
     * Reads everything the exited process left in the pipe (until the pipe would block), so that
     * its last words are delivered before its exit is reported; completes an end of file read
     * before.
     */
    void drainAtExit() {
        ownerExited = true;
        if (endPending) {
            finish();
        } else {
            drain(EXIT_DRAIN_LIMIT);
        }
    }

    private void drain(long limit) {
        long total = 0;
        while (!closed && !paused && total < limit) {
            long n = Libc.read(fd, loop.nativeBuffer(), EventLoop.READ_CHUNK);
            if (n > 0) {
                total += n;
                deliver((int) n);
            } else if (n == 0) {
                if (ownerExited || !deferEnd()) {
                    finish();
                }
                return;
            } else {
                int errno = Errno.last();
                if (errno == Errno.EAGAIN) {
                    return;
                }
                if (errno != Errno.EINTR) {
                    LOG.warn("reading the output of unit {} failed ({}); capture stops", unitId, Errno.describe(errno));
                    finish();
                }
            }
        }
    }

    /**
     * A process's pipes reach end of file as it exits, just before its exit can be reaped; the
     * loop thread, woken by the end of file, would take the CPU from the exiting process and hold
     * up the exit (and a prepared restart) while it closes the pipe and tells the sink. So until
     * the exit drain, an end of file only takes the fd out of the epoll set; the close and the
     * sink's {@link OutputSink#closed()} follow at the exit, after the restart's spawn. (If the
     * process closed its output long before it exits, the sink hears of it at the exit.)
     *
     * @return false if the fd could not leave the epoll set (the caller finishes at once)
     */
    private boolean deferEnd() {
        synchronized (this) {
            try {
                loop.suspend(fd, token);
            } catch (NativeCallException e) {
                return false;
            }
            endPending = true;
        }
        return true;
    }

    private void deliver(int length) {
        byte[] heap = loop.heapBuffer();
        loop.nativeBuffer().read(0, heap, 0, length);
        try {
            sink.write(heap, length);
        } catch (RuntimeException e) {
            // The bytes are lost for this sink, but the pipe must keep being emptied or the child blocks.
            if (!sinkFailed) {
                sinkFailed = true;
                LOG.warn("output sink of unit {} failed; its output is dropped until it recovers", unitId, e);
            }
        }
    }

    private void finish() {
        synchronized (this) {
            closed = true;
            if (endPending || paused) {
                loop.forget(token); // out of the epoll set already
            } else {
                loop.unregister(fd, token);
            }
            Libc.close(fd);
        }
        try {
            sink.closed();
        } catch (RuntimeException e) {
            LOG.warn("output sink of unit {} failed on close", unitId, e);
        }
    }
}

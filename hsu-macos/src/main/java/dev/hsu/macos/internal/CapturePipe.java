package dev.hsu.macos.internal;

import dev.hsu.spi.OutputFlow;
import dev.hsu.spi.OutputSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's read end of a pipe whose write end is a child's stdout and/or stderr. Lives until
 * end of file, which comes when the child <em>and every descendant</em> holding the write end have
 * closed it.
 *
 * <p>The end is not non-blocking (that would take {@code fcntl}, a variadic function; see
 * {@link MacLibc}); it is read only as far as the kernel said is there: {@code EVFILT_READ}'s
 * {@code data} is the byte count available, and the exit drain asks {@code poll} with no timeout
 * first. Neither read can block.
 *
 * <p>Flow control: the pipe is its sink's {@link OutputFlow} (handed over with
 * {@link OutputSink#attach} at construction). {@link #pause()} disables the fd's knote
 * ({@code EV_DISABLE}), so nothing reads it and the child blocks in {@code write()} once the pipe is
 * full; {@link #resume()} enables it again. A pause before the pipe is watched (in {@code attach})
 * adds the knote disabled. While paused the exit drain reads nothing either: the
 * rest comes after the resume, then end of file.
 *
 * <p>Thread-safety: all reads happen on the loop thread, so the sink is never called concurrently.
 * {@link #pause()} and {@link #resume()} come from any thread; they and the close of the fd hold
 * this object's monitor, so a late resume never touches an fd number that was closed and reused.
 */
final class CapturePipe implements KqueueLoop.Handler, OutputFlow {
    private static final Logger LOG = LoggerFactory.getLogger(CapturePipe.class);
    /** Bytes read per readiness event before yielding to other sources (level-triggered: it comes again). */
    private static final long PER_EVENT = 16L * KqueueLoop.READ_CHUNK;
    /** What an exited process can have left in a pipe, bounded against a descendant that keeps writing. */
    private static final long EXIT_DRAIN_LIMIT = 1024 * 1024 + KqueueLoop.READ_CHUNK;

    private final MacLibc libc;
    private final KqueueLoop loop;
    private final int fd;
    private final long token;
    private final OutputSink sink;
    private final String unitId;
    private volatile boolean closed;
    private volatile boolean paused;
    private boolean registered;
    private boolean sinkFailed;

    CapturePipe(MacLibc libc, KqueueLoop loop, int fd, long token, OutputSink sink, String unitId) {
        this.libc = libc;
        this.loop = loop;
        this.fd = fd;
        this.token = token;
        this.sink = sink;
        this.unitId = unitId;
        try {
            sink.attach(this);
        } catch (RuntimeException e) {
            LOG.warn("output sink of unit {} refused flow control; its output is read without back-pressure", unitId, e);
        }
    }

    /** Adds the pipe to the loop, disabled if its sink paused it already (in {@code attach}). */
    synchronized void register() throws NativeCallException {
        loop.watchReadable(fd, token, this, !paused);
        registered = true;
    }

    @Override
    public synchronized void pause() {
        if (closed || paused) {
            return;
        }
        if (registered) {
            try {
                loop.enableReadable(fd, token, false);
            } catch (NativeCallException e) {
                // Still enabled: reading on beats a loop woken again and again by a stream it skips.
                LOG.warn("could not pause the output of unit {} ({}); it is read on", unitId, e.getMessage());
                return;
            }
        }
        paused = true;
    }

    @Override
    public synchronized void resume() {
        if (closed || !paused) {
            return;
        }
        // Before the knote is enabled: its first event must find the pipe readable.
        paused = false;
        if (registered) {
            try {
                loop.enableReadable(fd, token, true);
            } catch (NativeCallException e) {
                paused = true;
                LOG.error("could not resume the output of unit {} ({}); the unit may block writing it", unitId,
                        e.getMessage());
            }
        }
    }

    boolean isPaused() {
        return paused;
    }

    int fd() {
        return fd;
    }

    long token() {
        return token;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void onEvent(short filter, short flags, long available) {
        if (paused) {
            return; // fetched before the pause; the knote is enabled again on resume
        }
        long left = Math.min(available, PER_EVENT);
        while (!closed && !paused && left > 0) {
            long n = read((int) Math.min(left, KqueueLoop.READ_CHUNK));
            if (n <= 0) {
                return;
            }
            left -= n;
        }
        if (!closed && available == 0 && (flags & Darwin.EV_EOF) != 0) {
            finish();
        }
    }

    /** Reads what the exited process left, as long as poll says there is more, so it is delivered before the exit. */
    void drainAtExit() {
        long total = 0;
        PollFd poll = new PollFd();
        while (!closed && !paused && total < EXIT_DRAIN_LIMIT) {
            poll.fd = fd;
            poll.events = Darwin.POLLIN;
            poll.revents = 0;
            poll.write();
            int r = libc.poll(poll.getPointer(), 1, 0);
            if (r < 0 && libc.lastError() == Errno.EINTR) {
                continue;
            }
            poll.read();
            if (r <= 0 || (poll.revents & (Darwin.POLLIN | Darwin.POLLHUP)) == 0) {
                return;
            }
            long n = read(KqueueLoop.READ_CHUNK);
            if (n <= 0) {
                return;
            }
            total += n;
        }
    }

    /** One read that cannot block; delivers, or finishes at end of file or on error. */
    private long read(int count) {
        long n;
        do {
            n = libc.read(fd, loop.nativeBuffer(), count);
        } while (n < 0 && libc.lastError() == Errno.EINTR);
        if (n > 0) {
            deliver((int) n);
        } else if (n == 0) {
            finish();
        } else {
            LOG.warn("reading the output of unit {} failed ({}); capture stops", unitId, Errno.describe(libc.lastError()));
            finish();
        }
        return n;
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
            if (closed) {
                return;
            }
            closed = true;
            loop.unwatchReadable(fd, token);
            libc.close(fd);
        }
        try {
            sink.closed();
        } catch (RuntimeException e) {
            LOG.warn("output sink of unit {} failed on close", unitId, e);
        }
    }
}

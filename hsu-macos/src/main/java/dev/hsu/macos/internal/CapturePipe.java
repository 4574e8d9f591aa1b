package dev.hsu.macos.internal;

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
 * <p>Thread-safety: all reads happen on the loop thread, so the sink is never called concurrently.
 */
final class CapturePipe implements KqueueLoop.Handler {
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
    private boolean closed;
    private boolean sinkFailed;

    CapturePipe(MacLibc libc, KqueueLoop loop, int fd, long token, OutputSink sink, String unitId) {
        this.libc = libc;
        this.loop = loop;
        this.fd = fd;
        this.token = token;
        this.sink = sink;
        this.unitId = unitId;
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
        long left = Math.min(available, PER_EVENT);
        while (!closed && left > 0) {
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
        while (!closed && total < EXIT_DRAIN_LIMIT) {
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
        if (closed) {
            return;
        }
        closed = true;
        loop.unwatchReadable(fd, token);
        libc.close(fd);
        try {
            sink.closed();
        } catch (RuntimeException e) {
            LOG.warn("output sink of unit {} failed on close", unitId, e);
        }
    }
}

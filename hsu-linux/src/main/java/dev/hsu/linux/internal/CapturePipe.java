package dev.hsu.linux.internal;

import dev.hsu.spi.OutputSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's (non-blocking) read end of a pipe whose write end is a child's stdout and/or
 * stderr. Lives until end of file, which comes when the child <em>and every descendant</em>
 * holding the write end have closed it, so output keeps flowing after the main process exited.
 *
 * <p>Thread-safety: all reads happen on the event loop thread (the readiness handler and the
 * drain-before-reap of {@link LinuxProcess}), so the sink is never called concurrently.
 */
final class CapturePipe implements EventLoop.Handler {
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
    private boolean closed;
    private boolean sinkFailed;

    CapturePipe(EventLoop loop, int fd, long token, OutputSink sink, String unitId) {
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

    @Override
    public void onReady(int events) {
        drain(CHUNKS_PER_EVENT * (long) EventLoop.READ_CHUNK);
    }

    /**
     * Reads everything the exited process left in the pipe (until the pipe would block), so that
     * its last words are delivered before its exit is reported.
     */
    void drainAtExit() {
        drain(EXIT_DRAIN_LIMIT);
    }

    private void drain(long limit) {
        long total = 0;
        while (!closed && total < limit) {
            long n = Libc.read(fd, loop.nativeBuffer(), EventLoop.READ_CHUNK);
            if (n > 0) {
                total += n;
                deliver((int) n);
            } else if (n == 0) {
                finish();
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
        closed = true;
        loop.unregister(fd, token);
        Libc.close(fd);
        try {
            sink.closed();
        } catch (RuntimeException e) {
            LOG.warn("output sink of unit {} failed on close", unitId, e);
        }
    }
}

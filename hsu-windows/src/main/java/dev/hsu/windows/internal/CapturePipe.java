package dev.hsu.windows.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.hsu.spi.OutputFlow;
import dev.hsu.spi.OutputSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's end of a named pipe whose other end is a child's stdout and/or stderr, read with
 * overlapped I/O whose completions arrive in the {@link IocpLoop}: one read is always pending, and
 * each completion delivers its bytes and issues the next read. Anonymous pipes cannot do overlapped
 * I/O, which is why the adapter makes named ones.
 *
 * <p>End of file is {@code ERROR_BROKEN_PIPE}: the child <em>and every descendant</em> holding the
 * write end have closed it, so output keeps flowing after the main process exited.
 *
 * <p>The OVERLAPPED and the buffer belong to the pipe for its whole life: the kernel writes into
 * them while a read is pending.
 *
 * <p>Flow control: the pipe is its sink's {@link OutputFlow} (handed over with
 * {@link OutputSink#attach} at construction). While paused, a read that completes is held in the
 * buffer, undelivered, and no further read is issued: the pipe fills and the child blocks in
 * {@code WriteFile}. {@link #resume()} posts the pipe's key to the loop, which delivers what is
 * held and reads on (or finishes, if the held completion was the end of the stream). A paused pipe
 * does not hold back the report of its process's exit.
 *
 * <p>Thread-safety: {@link #start()} is called once, by the launcher, before any completion can
 * arrive; {@link #pause()} and {@link #resume()} come from any thread; everything else runs on the
 * loop thread, so the sink is never called concurrently.
 */
final class CapturePipe implements IocpLoop.Handler, OutputFlow {
    /** Bytes per read: enough for throughput, small enough for thousands of pipes. */
    static final int BUFFER_SIZE = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(CapturePipe.class);

    private final Kernel32 k32;
    private final IocpLoop loop;
    private final HANDLE handle;
    private final long key;
    private final OutputSink sink;
    private final String unitId;
    private final Overlapped overlapped = new Overlapped();
    private final Memory buffer = new Memory(BUFFER_SIZE);
    private boolean readPending;
    private volatile boolean closed;
    private volatile boolean paused;
    private int heldBytes;
    private int heldError;
    private boolean holding;
    private boolean sinkFailed;

    /** @param handle the server end, opened with FILE_FLAG_OVERLAPPED; this pipe owns it */
    CapturePipe(Kernel32 k32, IocpLoop loop, HANDLE handle, long key, OutputSink sink, String unitId) {
        this.k32 = k32;
        this.loop = loop;
        this.handle = handle;
        this.key = key;
        this.sink = sink;
        this.unitId = unitId;
        try {
            sink.attach(this);
        } catch (RuntimeException e) {
            LOG.warn("output sink of unit {} refused flow control; its output is read without back-pressure", unitId, e);
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        if (paused && !closed) {
            paused = false;
            loop.post(key); // delivered on the loop thread: what is held, then the next read
        }
    }

    boolean isPaused() {
        return paused;
    }

    long key() {
        return key;
    }

    HANDLE handle() {
        return handle;
    }

    /** Associates the pipe with the loop and issues the first read. */
    void start() throws Win32CallException {
        loop.associate(handle, key, this);
        issueRead();
    }

    /**
     * True if a read has completed but its packet has not been handled yet: output the exited
     * process wrote that is still on its way. Loop thread only.
     */
    boolean hasUndeliveredOutput() {
        return !paused && readPending && overlapped.completed();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void onCompletion(int bytes, Pointer ov, int error) {
        if (ov == null) {
            // Posted by resume(): what was held goes out, and reading goes on.
            if (paused || closed) {
                return;
            }
            if (holding) {
                holding = false;
                completed(heldBytes, heldError);
            } else if (!readPending) {
                issueRead();
            }
            return;
        }
        readPending = false;
        if (paused) {
            holding = true; // the bytes stay in the buffer until resume()
            heldBytes = bytes;
            heldError = error;
            return;
        }
        completed(bytes, error);
    }

    private void completed(int bytes, int error) {
        if (bytes > 0) {
            deliver(bytes);
        }
        if (error == 0) {
            issueRead();
        } else {
            if (error != Win32Error.ERROR_BROKEN_PIPE && error != Win32Error.ERROR_OPERATION_ABORTED) {
                LOG.warn("reading the output of unit {} failed ({}); capture stops", unitId, Win32Error.describe(error));
            }
            finish();
        }
    }

    /** Stops reading (the pending read completes with ERROR_OPERATION_ABORTED, which finishes the pipe). */
    void cancel() {
        if (!k32.CancelIoEx(handle, null) && !readPending) {
            finish();
        }
    }

    private void issueRead() {
        if (closed || paused) {
            return;
        }
        overlapped.getPointer().clear(overlapped.size());
        if (k32.ReadFile(handle, buffer, BUFFER_SIZE, null, overlapped.getPointer())) {
            readPending = true; // completed at once; its packet is queued all the same
            return;
        }
        int error = k32.lastError();
        if (error == Win32Error.ERROR_IO_PENDING) {
            readPending = true;
            return;
        }
        // Failed at once: no packet will come.
        if (error != Win32Error.ERROR_BROKEN_PIPE) {
            LOG.warn("reading the output of unit {} failed ({}); capture stops", unitId, Win32Error.describe(error));
        }
        finish();
    }

    private void deliver(int length) {
        byte[] heap = loop.heapBuffer();
        buffer.read(0, heap, 0, length);
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
        loop.unregister(key);
        k32.CloseHandle(handle);
        try {
            sink.closed();
        } catch (RuntimeException e) {
            LOG.warn("output sink of unit {} failed on close", unitId, e);
        }
    }
}

package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter's one event thread ({@code hsu-windows-events}), blocked in
 * {@code GetQueuedCompletionStatus} on one I/O completion port that receives everything the
 * adapter waits for: the reads of every capture pipe (overlapped I/O), the messages of every unit's
 * Job Object (memory or process limit hit), and process exits (posted by {@link ExitWatcher}). No
 * timeout, no polling: the Windows counterpart of the Linux adapter's epoll loop.
 *
 * <p>Each source has a key, never reused, as its completion key; the handler table is keyed by it,
 * so a packet for a source that has gone finds no handler instead of a wrong one. Key 0 only wakes
 * the thread (for {@link #close()}).
 *
 * <p>Thread-safety: {@link #register}, {@link #associate}, {@link #unregister}, {@link #post} and
 * {@link #close} are safe from any thread; handlers run on the loop thread only, one at a time,
 * and must not block.
 */
final class IocpLoop implements AutoCloseable {
    /** What the loop calls for a completion packet with the handler's key. */
    interface Handler {
        /**
         * @param bytes bytes transferred (reads), or the message (Job Object notifications)
         * @param overlapped the OVERLAPPED of the I/O, or the process id (Job Object messages), or null
         * @param error 0, or the Win32 error of a failed I/O
         */
        void onCompletion(int bytes, Pointer overlapped, int error);
    }

    static final String THREAD_NAME = "hsu-windows-events";
    static final long WAKE_KEY = 0;

    private static final Logger LOG = LoggerFactory.getLogger(IocpLoop.class);

    private final Kernel32 k32;
    private final HANDLE port;
    private final Map<Long, Handler> handlers = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong(WAKE_KEY + 1);
    private final Thread thread;
    private final byte[] heapBuffer = new byte[CapturePipe.BUFFER_SIZE];
    private volatile boolean closing;

    /** Creates the port and starts the thread. */
    IocpLoop(Kernel32 k32) throws Win32CallException {
        this.k32 = k32;
        this.port = k32.CreateIoCompletionPort(WinBase.INVALID_HANDLE_VALUE, null, 0, 1);
        if (port == null) {
            throw new Win32CallException("CreateIoCompletionPort", k32.lastError());
        }
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(this::run);
        thread.start();
    }

    /** The completion port (Job Objects are associated with it). */
    HANDLE port() {
        return port;
    }

    /** A fresh key; take it first so the handler can know it before any packet. */
    long newKey() {
        return keys.getAndIncrement();
    }

    /** Routes packets with {@code key} (posted ones, Job Object messages) to {@code handler}. */
    void register(long key, Handler handler) {
        handlers.put(key, handler);
    }

    /** Associates an overlapped file or pipe handle with the port, its completions going to {@code handler}. */
    void associate(HANDLE file, long key, Handler handler) throws Win32CallException {
        handlers.put(key, handler);
        if (k32.CreateIoCompletionPort(file, port, key, 0) == null) {
            int error = k32.lastError();
            handlers.remove(key);
            throw new Win32CallException("CreateIoCompletionPort (associate)", error);
        }
    }

    /** Drops the handler of {@code key}; packets still queued for it are ignored. */
    void unregister(long key) {
        handlers.remove(key);
    }

    /** Queues a packet with {@code key} and no data; false if the port refused it. */
    boolean post(long key) {
        return k32.PostQueuedCompletionStatus(port, 0, key, null);
    }

    /** The loop's heap copy buffer of {@link CapturePipe#BUFFER_SIZE} bytes; loop thread only. */
    byte[] heapBuffer() {
        return heapBuffer;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Handlers registered (for tests and diagnostics). */
    int registrations() {
        return handlers.size();
    }

    Thread thread() {
        return thread;
    }

    /** Stops the thread, which closes the port. Sources stay open (their owners close them). */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        post(WAKE_KEY);
        if (!inLoop()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        IntByReference bytes = new IntByReference();
        LongByReference key = new LongByReference();
        PointerByReference overlapped = new PointerByReference();
        try {
            while (!closing) {
                bytes.setValue(0);
                key.setValue(WAKE_KEY);
                overlapped.setValue(null);
                boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, Win32.INFINITE);
                int error = ok ? 0 : k32.lastError();
                if (!ok && overlapped.getValue() == null) {
                    // No packet was dequeued: the port itself failed.
                    if (!closing) {
                        LOG.error("GetQueuedCompletionStatus failed ({}); the Windows adapter stops seeing exits and output",
                                Win32Error.describe(error));
                    }
                    return;
                }
                dispatch(key.getValue(), bytes.getValue(), overlapped.getValue(), error);
            }
        } finally {
            k32.CloseHandle(port);
        }
    }

    private void dispatch(long key, int bytes, Pointer overlapped, int error) {
        if (key == WAKE_KEY) {
            return;
        }
        Handler handler = handlers.get(key);
        if (handler == null) {
            return;
        }
        try {
            handler.onCompletion(bytes, overlapped, error);
        } catch (RuntimeException | Error e) {
            LOG.error("completion handler failed; the loop continues", e);
        }
    }
}

package dev.hsu.app.control.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on a Unix domain socket: one virtual thread per connection, one request
 * per connection ({@code Connection: close}), every response JSON. It binds the socket file given
 * to it (the caller removed any stale one), sets its mode to 0600, refuses peers that
 * {@link PeerPolicy} rejects with 403, and answers malformed or oversized requests with a 4xx and
 * a JSON reason; a handler's unexpected exception becomes a 500. Nothing a client sends stops the
 * server.
 *
 * <p>Thread-safety: {@link #start()} and {@link #close()} may be called from any thread;
 * {@code close()} is idempotent. Connections are served concurrently.
 *
 * <p>Platform note: needs AF_UNIX stream sockets (Linux, macOS, Windows 10 1803+). The 0600 mode
 * is set where the file system is POSIX.
 *
 * <p>TCP: {@link #tcp} serves the same way on a TCP address instead. There is no peer credential
 * to check there; the caller wraps its handler in an authenticating one
 * ({@link BearerTokenGuard}).
 */
public final class UnixHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnixHttpServer.class);
    /**
     * How much of an unread request (e.g. a body refused with 413) is read and dropped after the
     * answer: closing an AF_UNIX socket with unread data makes the client's read fail with
     * ECONNRESET before it sees the answer. Bounded in time by the I/O timeout as well.
     */
    private static final long MAX_DRAIN_BYTES = 1024 * 1024;

    private final Path socketFile;
    /** Set for a TCP server; then {@link #socketFile} is null. */
    private final InetSocketAddress tcpAddress;
    private final RequestHandler handler;
    private final HttpLimits limits;
    private final RequestReader reader;
    private final Semaphore slots;
    private final Semaphore refusals;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledThreadPoolExecutor timer;
    private volatile ServerSocketChannel server;
    private volatile PeerPolicy peers;
    private volatile Thread acceptor;

    /**
     * @param socketFile where to bind; must not exist
     * @param handler answers well-formed requests from admitted peers
     * @param limits size and time bounds per connection
     */
    public UnixHttpServer(Path socketFile, RequestHandler handler, HttpLimits limits) {
        this(Objects.requireNonNull(socketFile, "socketFile"), null, handler, limits);
    }

    /**
     * A server on a TCP address, e.g. {@code 127.0.0.1:7070} (port 0 picks a free port: see
     * {@link #tcpAddress()}). Every peer that connects is served: authenticate in {@code handler}.
     */
    public static UnixHttpServer tcp(InetSocketAddress address, RequestHandler handler, HttpLimits limits) {
        return new UnixHttpServer(null, Objects.requireNonNull(address, "address"), handler, limits);
    }

    private UnixHttpServer(Path socketFile, InetSocketAddress tcpAddress, RequestHandler handler, HttpLimits limits) {
        this.socketFile = socketFile;
        this.tcpAddress = tcpAddress;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.reader = new RequestReader(limits);
        this.slots = new Semaphore(limits.maxConnections());
        this.refusals = new Semaphore(limits.maxConnections());
        // one platform thread enforces every connection's deadline; it only closes channels
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hsu-control-deadlines");
            t.setDaemon(true);
            return t;
        });
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Binds the socket, restricts it to its owner and starts accepting.
     *
     * @throws IOException when the socket cannot be bound, naming the path
     */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the control server on " + where() + " was already started");
        }
        if (tcpAddress != null) {
            startTcp();
            return;
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socketFile));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot bind the control socket " + socketFile + ": " + e.getMessage(), e);
        }
        try {
            if (socketFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(socketFile, PosixFilePermissions.fromString("rw-------"));
            }
            peers = new PeerPolicy(Files.getOwner(socketFile));
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(socketFile);
            throw new IOException("cannot restrict the control socket " + socketFile + " to its owner: "
                    + e.getMessage(), e);
        }
        server = channel;
        acceptor = Thread.ofVirtual().name("hsu-control-accept").start(this::acceptLoop);
    }

    private void startTcp() throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(tcpAddress, limits.maxConnections());
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + tcpAddress.getHostString() + ":" + tcpAddress.getPort()
                    + ": " + e.getMessage(), e);
        }
        server = channel;
        acceptor = Thread.ofVirtual().name("hsu-control-tcp-accept").start(this::acceptLoop);
    }

    /** The socket file this server binds; null for a TCP server. */
    public Path socketFile() {
        return socketFile;
    }

    /** The bound TCP address (with the port chosen when 0 was asked for); null for a Unix socket server. */
    public InetSocketAddress tcpAddress() {
        ServerSocketChannel channel = server;
        if (tcpAddress == null || channel == null) {
            return tcpAddress;
        }
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return tcpAddress;
        }
    }

    /**
     * Stops accepting, closes open connections, removes the socket file. Requests being handled
     * finish in their own threads; their responses are lost.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ServerSocketChannel channel = server;
        if (channel != null) {
            closeQuietly(channel);
        }
        if (channel != null && socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException e) {
                LOG.warn("could not remove the control socket {}: {}", socketFile, e.toString());
            }
        }
        for (SocketChannel c : open) {
            closeQuietly(c);
        }
        timer.shutdownNow();
        Thread t = acceptor;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                // e.g. EMFILE: back off briefly instead of spinning, then keep serving
                LOG.warn("control socket {}: accept failed: {}", where(), e.toString());
                parkBriefly();
                continue;
            }
            if (!slots.tryAcquire()) {
                refuseBusy(connection);
                continue;
            }
            open.add(connection);
            Thread.ofVirtual().name("hsu-control-conn").start(() -> {
                try {
                    serve(connection);
                } finally {
                    open.remove(connection);
                    closeQuietly(connection);
                    slots.release();
                }
            });
        }
    }

    private void serve(SocketChannel connection) {
        AtomicBoolean timedOut = new AtomicBoolean();
        Runnable cancelDeadline = schedule(() -> {
            timedOut.set(true);
            // ends a blocked read with end-of-stream, so the reader can still answer 408
            try {
                connection.shutdownInput();
            } catch (IOException e) {
                closeQuietly(connection);
            }
        });
        HttpResponse response;
        try {
            String refusal = peers == null ? null : peers.refusal(connection).orElse(null);
            if (refusal != null) {
                LOG.warn("control socket {}: refused a connection: {}", where(), refusal);
                cancelDeadline.run();
                write(connection, problem(new HttpProblem(403, refusal)));
                return;
            }
            HttpRequest request = reader.read(connection);
            cancelDeadline.run();
            if (request == null) {
                if (timedOut.get()) {
                    write(connection, timeout());
                }
                return;
            }
            response = dispatch(request);
        } catch (HttpProblem p) {
            cancelDeadline.run();
            write(connection, timedOut.get() ? timeout() : problem(p));
            return;
        } catch (IOException e) {
            cancelDeadline.run();
            LOG.debug("control connection failed while reading: {}", e.toString());
            return;
        }
        try {
            write(connection, response);
        } finally {
            if (response.afterSent() != null) {
                response.afterSent().run();
            }
        }
    }

    private HttpResponse dispatch(HttpRequest request) {
        try {
            HttpResponse response = handler.handle(request);
            return Objects.requireNonNull(response, "the handler returned no response");
        } catch (HttpProblem p) {
            return problem(p);
        } catch (RuntimeException e) {
            LOG.error("control API: {} {} failed", request.method(), request.path(), e);
            return problem(new HttpProblem(500, "internal error while handling " + request.method() + " "
                    + request.path() + ": " + e));
        }
    }

    /**
     * Writes the response, then half-closes and drains what the client still sends, so it reads
     * the answer instead of a reset even when its request was not consumed (413, 403).
     */
    private void write(SocketChannel connection, HttpResponse response) {
        Runnable cancelDeadline = schedule(() -> closeQuietly(connection));
        try {
            ByteBuffer out = ByteBuffer.wrap(response.encode());
            while (out.hasRemaining()) {
                connection.write(out);
            }
            connection.shutdownOutput();
            ByteBuffer sink = ByteBuffer.allocate(4096);
            long drained = 0;
            while (drained < MAX_DRAIN_BYTES) {
                sink.clear();
                int n = connection.read(sink);
                if (n < 0) {
                    break;
                }
                drained += n;
            }
        } catch (IOException e) {
            LOG.debug("control connection failed while writing: {}", e.toString());
        } finally {
            cancelDeadline.run();
        }
    }

    /** Runs {@code action} after the I/O timeout unless the returned canceller runs first. */
    private Runnable schedule(Runnable action) {
        try {
            ScheduledFuture<?> f = timer.schedule(action, limits.ioTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException closing) {
            // the server is closing and closes every connection itself
            return () -> { };
        }
    }

    private HttpResponse timeout() {
        return problem(new HttpProblem(408, "no complete request within " + limits.ioTimeout().toMillis()
                + " ms"));
    }

    /** The JSON error response for a problem. */
    public static HttpResponse problem(HttpProblem p) {
        HttpResponse response = HttpResponse.json(p.status(), toJson(p.body()));
        for (Map.Entry<String, String> h : p.headers().entrySet()) {
            response = response.withHeader(h.getKey(), h.getValue());
        }
        return response;
    }

    private static byte[] toJson(Map<String, Object> body) {
        return JsonWriter.write(body);
    }

    /**
     * Answers 503 on a thread of its own, with the same lingering close as any answer, so the
     * client reads the 503 rather than a reset. Those refusals are capped too; past both caps the
     * connection is simply closed.
     */
    private void refuseBusy(SocketChannel connection) {
        if (!refusals.tryAcquire()) {
            closeQuietly(connection);
            return;
        }
        open.add(connection);
        Thread.ofVirtual().name("hsu-control-busy").start(() -> {
            try {
                write(connection, problem(new HttpProblem(503, "the control server is serving "
                        + limits.maxConnections() + " connections already; retry later")));
            } finally {
                open.remove(connection);
                closeQuietly(connection);
                refusals.release();
            }
        });
    }

    private Object where() {
        return socketFile != null ? socketFile : tcpAddress;
    }

    private static void parkBriefly() {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to do with a channel that cannot close
        }
    }
}

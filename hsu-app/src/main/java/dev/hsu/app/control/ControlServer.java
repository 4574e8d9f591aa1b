package dev.hsu.app.control;

import dev.hsu.app.control.http.BearerTokenGuard;
import dev.hsu.app.control.http.HttpLimits;
import dev.hsu.app.control.http.RequestHandler;
import dev.hsu.app.control.http.UnixHttpServer;
import dev.hsu.core.Master;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's control API: HTTP/1.1 + JSON on the Unix domain socket {@code <state dir>/hsu.sock},
 * so both the CLI and {@code curl --unix-socket} can drive the {@link Master}. Endpoints are
 * documented in API.md beside this class.
 *
 * <p>{@link #start()} creates the state directory (0700) if missing, takes the pid file
 * {@code hsu.pid} under an exclusive lock (a second master on the same directory fails with
 * {@link MasterAlreadyRunningException} naming the first one's pid), removes a stale socket left
 * by a crashed master, binds the socket with mode 0600 and writes the pid. Only the socket's
 * owner and root may talk to it. {@link #close()} undoes all of it; it does not stop the master.
 *
 * <pre>{@code
 * try (ControlServer control = new ControlServer(StateDirectory.resolve(null), master, shutdownHook)) {
 *     control.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safety: {@code start} and {@code close} are synchronized; {@code close} is idempotent.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final StateDirectory directory;
    private final RequestHandler handler;
    private final dev.hsu.app.metrics.PrometheusMetrics metrics;
    private final HttpLimits limits;
    private PidFile pidFile;
    private UnixHttpServer http;
    private UnixHttpServer tcp;
    private boolean closed;

    /**
     * A server with {@link ControlOptions#DEFAULT}.
     *
     * @param directory where the socket and pid file live
     * @param master the master the API drives; the server never closes it
     * @param onShutdownRequest run once, on its own thread, after {@code POST /v1/shutdown} was
     *     answered; the app stops its units and exits there
     */
    public ControlServer(StateDirectory directory, Master master, Runnable onShutdownRequest) {
        this(directory, master, onShutdownRequest, ControlOptions.DEFAULT);
    }

    /**
     * @param options connection limits and how long transitions are awaited
     */
    public ControlServer(StateDirectory directory, Master master, Runnable onShutdownRequest,
                         ControlOptions options) {
        this(directory, new ControlApi(master, onShutdownRequest, options), options.http());
    }

    /**
     * A server that also serves the master-wide operations (reload, keep-units shutdown).
     *
     * @param operations what {@code POST /v1/reload} and {@code POST /v1/shutdown?keep_units=true} do
     */
    public ControlServer(StateDirectory directory, Master master, Runnable onShutdownRequest,
                         ControlOptions options, MasterOperations operations) {
        this(directory, new ControlApi(master, onShutdownRequest, options), options.http(), operations);
    }

    private ControlServer(StateDirectory directory, ControlApi api, HttpLimits limits, MasterOperations operations) {
        this(directory, new OperationsApi(operations, api), limits, api.metrics());
    }

    private ControlServer(StateDirectory directory, ControlApi api, HttpLimits limits) {
        this(directory, api, limits, api.metrics());
    }

    /** A server answering with any handler; for tests of the transport. */
    ControlServer(StateDirectory directory, RequestHandler handler, HttpLimits limits) {
        this(directory, handler, limits, null);
    }

    private ControlServer(StateDirectory directory, RequestHandler handler, HttpLimits limits,
                          dev.hsu.app.metrics.PrometheusMetrics metrics) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.metrics = metrics;
    }

    /** The metrics served at {@code GET /metrics}, to serve them elsewhere too; null for a test handler. */
    public dev.hsu.app.metrics.PrometheusMetrics metrics() {
        return metrics;
    }

    /**
     * Claims the state directory and starts serving.
     *
     * @throws MasterAlreadyRunningException when another master serves this directory
     * @throws IOException when the directory, pid file or socket cannot be set up; the message
     *     names the path
     */
    public synchronized void start() throws IOException {
        if (http != null || closed) {
            throw new IllegalStateException("the control server on " + directory + " was already started");
        }
        directory.ensureExists();
        PidFile pid = PidFile.lock(directory);
        try {
            removeStaleSocket();
            UnixHttpServer server = new UnixHttpServer(directory.socketFile(), handler, limits);
            server.start();
            try {
                pid.write(ProcessHandle.current().pid());
            } catch (IOException e) {
                server.close();
                throw new IOException("cannot write the pid file " + directory.pidFile() + ": " + e.getMessage(), e);
            }
            http = server;
            pidFile = pid;
        } catch (IOException | RuntimeException e) {
            try {
                pid.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        LOG.info("control API listening on {}", directory.socketFile());
    }

    /**
     * Serves the same API on a TCP address as well, once {@link #start()} succeeded. Every request
     * must carry {@code Authorization: Bearer <token>} ({@link BearerTokenGuard}); others get 401.
     *
     * @param address where to listen; port 0 picks a free port
     * @param token the bearer token, at least {@link TokenFile#MIN_LENGTH} characters
     * @return the address bound (with the port chosen)
     * @throws IOException when the address cannot be bound, naming it
     */
    public synchronized InetSocketAddress startTcp(InetSocketAddress address, String token) throws IOException {
        if (http == null || closed || tcp != null) {
            throw new IllegalStateException("start the control server (once) before its TCP listener");
        }
        UnixHttpServer server = UnixHttpServer.tcp(address, new BearerTokenGuard(token, handler), limits);
        server.start();
        tcp = server;
        LOG.info("control API also listening on TCP {} (bearer token required)", server.tcpAddress());
        return server.tcpAddress();
    }

    /** The state directory. */
    public StateDirectory directory() {
        return directory;
    }

    /** The control socket, {@code <state dir>/hsu.sock}. */
    public Path socketFile() {
        return directory.socketFile();
    }

    /** Stops serving, removes the socket and the pid file. The master keeps running. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tcp != null) {
            tcp.close();
        }
        if (http != null) {
            http.close();
        }
        if (pidFile != null) {
            try {
                pidFile.close();
            } catch (IOException e) {
                LOG.warn("could not remove the pid file {}: {}", directory.pidFile(), e.toString());
            }
        }
    }

    /**
     * A socket file that accepts connections belongs to a live master that does not hold the pid
     * lock (e.g. one whose pid file was deleted by hand): refuse. One that refuses connections was
     * left by a master that died: remove it.
     */
    private void removeStaleSocket() throws IOException {
        Path socket = directory.socketFile();
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new MasterAlreadyRunningException(directory, PidFile.read(directory.pidFile()));
        } catch (IOException refused) {
            LOG.info("removing the stale control socket {} ({})", socket, refused.getMessage());
            try {
                Files.delete(socket);
            } catch (IOException e) {
                throw new IOException("cannot remove the stale control socket " + socket + ": " + e.getMessage()
                        + "; remove it by hand", e);
            }
        }
    }
}

package dev.hsu.linux.internal;

import dev.hsu.spi.LaunchException;
import dev.hsu.spi.OutputSink;
import dev.hsu.spi.OutputTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child's standard streams for one launch: the file actions that set fds 0..2 and the
 * capture pipes behind them.
 *
 * <ul>
 *   <li>stdin is always {@code /dev/null};</li>
 *   <li>{@link OutputTarget.Discard} opens {@code /dev/null};</li>
 *   <li>{@link OutputTarget.ToFile} is opened by the child (0644, append or truncate); missing
 *       parent directories are created here first;</li>
 *   <li>{@link OutputTarget.Capture} gets a pipe: the child's end is dup'ed onto the stream, the
 *       master's end becomes non-blocking for the event loop;</li>
 *   <li>{@link OutputTarget.Inherit} leaves the master's fd.</li>
 * </ul>
 * When stderr has the same file or the same sink as stdout it shares stdout's fd ({@code 2>&1}),
 * which keeps the order of interleaved writes.
 *
 * <p>Thread-safety: confined to the launching thread.
 */
final class Stdio {
    private static final byte[] DEV_NULL = "/dev/null".getBytes(StandardCharsets.UTF_8);
    private static final int F_DUPFD_CLOEXEC = 1030;

    /** A capture pipe before registration. */
    record Pipe(int readFd, int writeFd, OutputSink sink) {
    }

    private final List<SpawnPlan.FdAction> actions = new ArrayList<>();
    private final List<Pipe> pipes = new ArrayList<>();

    private Stdio() {
    }

    /**
     * @param workingDirectory resolves a relative output file (the SPI asks for absolute ones)
     * @throws LaunchException if an output file cannot be prepared or a pipe cannot be made
     */
    static Stdio prepare(String unitId, OutputTarget stdout, OutputTarget stderr, Path workingDirectory)
            throws LaunchException {
        Stdio stdio = new Stdio();
        try {
            stdio.actions.add(new SpawnPlan.FdAction.Open(0, DEV_NULL, Sys.O_RDONLY, 0));
            stdio.add(unitId, 1, stdout, workingDirectory, "stdout");
            if (sharesStdout(stdout, stderr)) {
                stdio.actions.add(new SpawnPlan.FdAction.Dup2(1, 2));
            } else {
                stdio.add(unitId, 2, stderr, workingDirectory, "stderr");
            }
            return stdio;
        } catch (LaunchException | RuntimeException e) {
            stdio.closeAll();
            throw e;
        }
    }

    List<SpawnPlan.FdAction> actions() {
        return actions;
    }

    List<Pipe> pipes() {
        return pipes;
    }

    /** After a successful spawn: the child has its copies of the write ends; make the read ends non-blocking. */
    void afterSpawn() {
        for (Pipe pipe : pipes) {
            Libc.close(pipe.writeFd());
            int flags = Libc.fcntl(pipe.readFd(), Sys.F_GETFL, 0);
            Libc.fcntl(pipe.readFd(), Sys.F_SETFL, flags | Sys.O_NONBLOCK);
        }
    }

    /** After a failed spawn or registration: closes both ends of every pipe. */
    void closeAll() {
        for (Pipe pipe : pipes) {
            Libc.close(pipe.readFd());
            Libc.close(pipe.writeFd());
        }
    }

    /** Read ends only, once the write ends were closed by {@link #afterSpawn()}. */
    void closeReadEnds() {
        for (Pipe pipe : pipes) {
            Libc.close(pipe.readFd());
        }
    }

    private static boolean sharesStdout(OutputTarget stdout, OutputTarget stderr) {
        if (stdout instanceof OutputTarget.ToFile out && stderr instanceof OutputTarget.ToFile err) {
            return out.path().equals(err.path()) && out.append() == err.append();
        }
        return stdout instanceof OutputTarget.Capture out && stderr instanceof OutputTarget.Capture err
                && out.sink() == err.sink();
    }

    private void add(String unitId, int fd, OutputTarget target, Path workingDirectory, String stream)
            throws LaunchException {
        switch (target) {
            case OutputTarget.Discard d -> actions.add(new SpawnPlan.FdAction.Open(fd, DEV_NULL, Sys.O_WRONLY, 0));
            case OutputTarget.Inherit i -> {
                // The child keeps the master's fd.
            }
            case OutputTarget.ToFile file -> {
                Path path = prepareFile(unitId, workingDirectory.resolve(file.path()), stream);
                int flags = Sys.O_WRONLY | Sys.O_CREAT | (file.append() ? Sys.O_APPEND : Sys.O_TRUNC);
                actions.add(new SpawnPlan.FdAction.Open(fd, path.toString().getBytes(StandardCharsets.UTF_8),
                        flags, 0644));
            }
            case OutputTarget.Capture capture -> {
                Pipe pipe = openPipe(unitId, capture.sink());
                pipes.add(pipe);
                actions.add(new SpawnPlan.FdAction.Dup2(pipe.writeFd(), fd));
            }
        }
    }

    private static Path prepareFile(String unitId, Path path, String stream) throws LaunchException {
        if (Files.isDirectory(path)) {
            throw new LaunchException("unit " + unitId + ": " + stream + " file " + path
                    + " is a directory; name a file for the unit's " + stream);
        }
        Path parent = path.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new LaunchException("unit " + unitId + ": cannot create the directory " + parent + " for its "
                        + stream + " file (" + e + "); create it or choose another path", e);
            }
        }
        return path;
    }

    private static Pipe openPipe(String unitId, OutputSink sink) throws LaunchException {
        try (NativeBlock fds = new NativeBlock(8)) {
            if (Libc.pipe2(fds, Sys.O_CLOEXEC) != 0) {
                int errno = Errno.last();
                throw new LaunchException("unit " + unitId + ": cannot create an output pipe: " + Errno.describe(errno)
                        + (errno == Errno.EMFILE ? "; raise the master's open file limit (ulimit -n)" : ""));
            }
            return new Pipe(aboveStandardStreams(fds.getInt(0)), aboveStandardStreams(fds.getInt(4)), sink);
        }
    }

    /**
     * A master whose fd 0..2 were closed gets pipe ends there, which the child's dup2 onto its
     * standard streams would clobber; move such an fd to 3 or above.
     */
    private static int aboveStandardStreams(int fd) {
        if (fd > 2) {
            return fd;
        }
        int moved = Libc.fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (moved < 0) {
            return fd;
        }
        Libc.close(fd);
        return moved;
    }
}

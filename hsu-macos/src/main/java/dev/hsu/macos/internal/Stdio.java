package dev.hsu.macos.internal;

import com.sun.jna.Memory;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.OutputSink;
import dev.hsu.spi.OutputTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file actions for a child's standard streams, and the pipes the master reads:
 *
 * <ul>
 *   <li>stdin: {@code /dev/null}, read-only;</li>
 *   <li>{@link OutputTarget.Discard}: {@code /dev/null};</li>
 *   <li>{@link OutputTarget.ToFile}: opened by the child itself ({@code O_APPEND} or
 *       {@code O_TRUNC}, created 0644), after the master made its directories;</li>
 *   <li>{@link OutputTarget.Capture}: a pipe whose write end is dup'ed onto the stream;</li>
 *   <li>{@link OutputTarget.Inherit}: the master's own fd, kept with {@code addinherit_np}.</li>
 * </ul>
 * Equal targets share one stream: stderr becomes a {@code dup2} of stdout.
 *
 * <p>Thread-safety: confined to the launching thread.
 */
final class Stdio {
    private static final int MODE_0644 = 0644;

    /** A pipe: the master's read end, the child's write end, where its bytes go. */
    record Pipe(int readFd, int writeFd, OutputSink sink) {
    }

    private final MacLibc libc;
    private final List<SpawnPlan.FdAction> actions = new ArrayList<>();
    private final List<Pipe> pipes = new ArrayList<>();

    private Stdio(MacLibc libc) {
        this.libc = libc;
    }

    static Stdio prepare(MacLibc libc, String unitId, OutputTarget out, OutputTarget err) throws LaunchException {
        Stdio stdio = new Stdio(libc);
        try {
            stdio.actions.add(new SpawnPlan.FdAction.Open(0, "/dev/null", Darwin.O_RDONLY, 0));
            stdio.add(unitId, 1, out);
            if (err.equals(out)) {
                stdio.actions.add(new SpawnPlan.FdAction.Dup2(1, 2));
            } else {
                stdio.add(unitId, 2, err);
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

    /** After the spawn: the child has the write ends. */
    void afterSpawn() {
        for (Pipe p : pipes) {
            libc.close(p.writeFd());
        }
    }

    /** After a failed spawn. */
    void closeAll() {
        for (Pipe p : pipes) {
            libc.close(p.writeFd());
            libc.close(p.readFd());
        }
        pipes.clear();
    }

    /** After a spawn whose child cannot be watched (it was killed). */
    void closeReadEnds() {
        for (Pipe p : pipes) {
            libc.close(p.readFd());
        }
    }

    private void add(String unitId, int fd, OutputTarget target) throws LaunchException {
        switch (target) {
            case OutputTarget.Discard d -> actions.add(new SpawnPlan.FdAction.Open(fd, "/dev/null", Darwin.O_WRONLY, 0));
            case OutputTarget.ToFile f -> {
                Path parent = f.path().toAbsolutePath().getParent();
                try {
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                } catch (IOException e) {
                    throw new LaunchException("unit " + unitId + ": cannot create the directory " + parent + " of output "
                            + "file " + f.path() + " (" + e.getMessage() + "); check its permissions", e);
                }
                actions.add(new SpawnPlan.FdAction.Open(fd, f.path().toAbsolutePath().toString(),
                        Darwin.O_WRONLY | Darwin.O_CREAT | (f.append() ? Darwin.O_APPEND : Darwin.O_TRUNC), MODE_0644));
            }
            case OutputTarget.Capture c -> {
                try (Memory fds = new Memory(8)) {
                    if (libc.pipe(fds) != 0) {
                        int errno = libc.lastError();
                        throw new LaunchException("unit " + unitId + ": cannot create a pipe for its output ("
                                + Errno.describe(errno) + ")"
                                + (errno == Errno.EMFILE ? "; raise the master's open file limit (ulimit -n)" : ""));
                    }
                    Pipe pipe = new Pipe(fds.getInt(0), fds.getInt(4), c.sink());
                    pipes.add(pipe);
                    actions.add(new SpawnPlan.FdAction.Dup2(pipe.writeFd(), fd));
                }
            }
            case OutputTarget.Inherit i -> actions.add(new SpawnPlan.FdAction.Inherit(fd));
        }
    }
}

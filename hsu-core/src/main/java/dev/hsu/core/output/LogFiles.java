package dev.hsu.core.output;

import dev.hsu.core.unit.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The master's log files by path: every run of a unit (and both streams, when they name one file)
 * writes through the same {@link LogFile}, so one writer owns each file's rotation and lines from
 * consecutive runs never interleave mid-line.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class LogFiles {
    private final Map<Path, LogFile> files = new ConcurrentHashMap<>();

    /** The log file at {@code path} (absolute, normalized), created at the first call; later calls update its settings. */
    public LogFile open(Path path, LogConfig config) {
        LogFile f = files.computeIfAbsent(path, p -> new LogFile(p, config));
        f.configure(config);
        return f;
    }

    /** Every log file opened so far. */
    public List<LogFile> all() {
        return new ArrayList<>(files.values());
    }

    /**
     * Waits until every file's feeds have closed and their output is written, at most
     * {@code timeout} in all.
     *
     * @return true if all ended in time
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (LogFile f : all()) {
            all &= f.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return all;
    }
}

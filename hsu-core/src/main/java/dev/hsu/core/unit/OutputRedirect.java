package dev.hsu.core.unit;

import java.nio.file.Path;
import java.util.Objects;

/** Where a unit's stdout or stderr goes. */
public sealed interface OutputRedirect
        permits OutputRedirect.Console, OutputRedirect.File, OutputRedirect.Log, OutputRedirect.Discard {

    /** To the master's own output, each line prefixed with the unit name. The default. */
    record Console() implements OutputRedirect {
    }

    /**
     * Into a file the child writes directly.
     *
     * @param path the file; relative paths are resolved against the unit's log directory
     * @param append append to (true) or truncate (false) an existing file at each start
     */
    record File(Path path, boolean append) implements OutputRedirect {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Into a log file the master writes: it reads the child's pipe and appends whole lines, with
     * the unit's {@link LogConfig} timestamps, size rotation, compression and age retention. A
     * child that writes faster than the disk takes is held back (it blocks in {@code write()}),
     * never a line is dropped. The child writes into the master's pipe, so when the master dies
     * its next write fails ({@code EPIPE}/{@code SIGPIPE}); {@link File} has no such tie.
     *
     * @param path the file; relative paths are resolved against the unit's log directory
     */
    record Log(Path path) implements OutputRedirect {
        public Log {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Nowhere. */
    record Discard() implements OutputRedirect {
    }

    static OutputRedirect console() {
        return new Console();
    }

    static OutputRedirect file(Path path) {
        return new File(path, true);
    }

    static OutputRedirect discard() {
        return new Discard();
    }
}

package dev.hsu.spi;

import java.nio.file.Path;
import java.util.Objects;

/** Where a child's stdout or stderr goes. */
public sealed interface OutputTarget
        permits OutputTarget.Discard, OutputTarget.ToFile, OutputTarget.Capture, OutputTarget.Inherit {

    /** Thrown away ({@code /dev/null}, {@code NUL}). */
    record Discard() implements OutputTarget {
    }

    /**
     * Written by the child straight into a file, which the child opens (created with mode 0644
     * if missing). The master copies no bytes.
     *
     * @param path absolute path of the file
     * @param append append (true) or truncate (false)
     */
    record ToFile(Path path, boolean append) implements OutputTarget {
        public ToFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Read by the master and handed to {@code sink} (for prefixing, log files with rotation). */
    record Capture(OutputSink sink) implements OutputTarget {
        public Capture {
            Objects.requireNonNull(sink, "sink");
        }
    }

    /** The master's own stream, shared as is. */
    record Inherit() implements OutputTarget {
    }

    static OutputTarget discard() {
        return new Discard();
    }

    static OutputTarget inherit() {
        return new Inherit();
    }
}

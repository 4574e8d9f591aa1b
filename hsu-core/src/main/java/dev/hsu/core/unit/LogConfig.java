package dev.hsu.core.unit;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Log file settings of a unit.
 *
 * <p>{@code directory} applies to every file output (where relative {@code stdout}/{@code stderr}
 * paths live). The rest applies to {@link OutputRedirect.Log} outputs only, the files the master
 * writes itself; a {@link OutputRedirect.File} is written by the child and never rotated.
 *
 * @param directory log directory; null means the master's log directory
 * @param timestamps prefix each line with the time the master read it (RFC 3339, UTC,
 *     milliseconds, then a space)
 * @param maxSize rotate a file before a line that would take it past this size, in bytes; null =
 *     never. A single line longer than this is kept whole in a file of its own.
 * @param maxFiles rotated files kept ({@code name.1} newest ... {@code name.N}); null = unlimited
 * @param compress gzip each rotated file ({@code name.1.gz}), in the background
 * @param maxAge delete rotated files last written longer ago than this (checked when the file is
 *     opened and at each rotation); null = keep them by count only
 */
public record LogConfig(Path directory, boolean timestamps, Long maxSize, Integer maxFiles, boolean compress,
                        Duration maxAge) {
    public static final LogConfig DEFAULT = new LogConfig(null, false, null, null, false, null);

    /** Settings without compression or age limit. */
    public LogConfig(Path directory, boolean timestamps, Long maxSize, Integer maxFiles) {
        this(directory, timestamps, maxSize, maxFiles, false, null);
    }
}

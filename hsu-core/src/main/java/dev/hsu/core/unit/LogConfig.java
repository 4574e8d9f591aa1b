package dev.hsu.core.unit;

import java.nio.file.Path;

/**
 * Log file settings of a unit.
 *
 * <p>Active now: {@code directory} (where relative {@code stdout}/{@code stderr} file paths
 * live). Parsed and validated but not yet active (the log file issue): {@code timestamps},
 * {@code maxSize}, {@code maxFiles}.
 *
 * @param directory log directory; null means the master's log directory
 * @param timestamps prefix each line with a timestamp
 * @param maxSize rotate a file at this size in bytes; null = never
 * @param maxFiles rotated files kept; null = unlimited
 */
public record LogConfig(Path directory, boolean timestamps, Long maxSize, Integer maxFiles) {
    public static final LogConfig DEFAULT = new LogConfig(null, false, null, null);
}

package dev.hsu.app.config;

import dev.hsu.core.unit.LogConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Maps {@code log:}. A relative {@code directory} is resolved against the configuration file's
 * directory. {@code timestamps}, {@code max_size}, {@code max_files}, {@code compress} and
 * {@code max_age} apply to {@code stdout/stderr: log} files (the ones the master writes).
 */
final class LogMapper {
    static final List<String> KEYS = List.of("directory", "timestamps", "max_size", "max_files", "compress", "max_age");

    private LogMapper() {
    }

    static LogConfig map(Section unit, Path baseDirectory) {
        Section l = unit.section("log");
        if (l == null) {
            return LogConfig.DEFAULT;
        }
        l.checkKeys(KEYS);
        Path dir = l.path("directory", baseDirectory);
        Boolean timestamps = l.bool("timestamps");
        Long maxSize = l.size("max_size", 1, false);
        Long maxFiles = l.integer("max_files", 1, 10_000);
        Boolean compress = l.bool("compress");
        java.time.Duration maxAge = l.duration("max_age", true);
        return new LogConfig(dir, timestamps != null && timestamps, maxSize,
                maxFiles == null ? null : maxFiles.intValue(), compress != null && compress, maxAge);
    }
}

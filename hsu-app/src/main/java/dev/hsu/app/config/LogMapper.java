package dev.hsu.app.config;

import dev.hsu.core.unit.LogConfig;
import java.nio.file.Path;
import java.util.List;

/** Maps {@code log:}. A relative {@code directory} is resolved against the configuration file's directory. */
final class LogMapper {
    static final List<String> KEYS = List.of("directory", "timestamps", "max_size", "max_files");

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
        return new LogConfig(dir, timestamps != null && timestamps, maxSize,
                maxFiles == null ? null : maxFiles.intValue());
    }
}

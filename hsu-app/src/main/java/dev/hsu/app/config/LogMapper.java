package dev.hsu.app.config;

import dev.hsu.core.unit.LogConfig;
import dev.hsu.core.unit.OutputRedirect;
import java.nio.file.Path;
import java.util.List;

/**
 * Maps {@code log:}. A relative {@code directory} is resolved against the configuration file's
 * directory. {@code timestamps}, {@code max_size}, {@code max_files}, {@code compress} and
 * {@code max_age} apply to {@code stdout/stderr: log} files (the ones the master writes).
 */
final class LogMapper {
    static final List<String> KEYS = List.of("directory", "timestamps", "max_size", "max_files", "compress", "max_age");
    /** The keys that act only on {@code log} outputs ({@code directory} also places {@code file} outputs). */
    static final List<String> LOG_OUTPUT_KEYS = KEYS.subList(1, KEYS.size());

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

    /**
     * Warns about each rotation key of {@code log:} when neither output is a {@code log} file: the
     * default output is the console, and a user who set {@code max_size} surely expected files.
     */
    static void warnIfNoLogOutput(Section unit, OutputRedirect stdout, OutputRedirect stderr) {
        Section l = unit.section("log");
        if (l == null || stdout instanceof OutputRedirect.Log || stderr instanceof OutputRedirect.Log) {
            return;
        }
        for (String key : LOG_OUTPUT_KEYS) {
            if (l.has(key)) {
                l.warning(key, "has no effect: it applies to log files the master writes, and this unit's stdout ("
                        + name(stdout) + ") and stderr (" + name(stderr) + ") are not; set stdout: log and "
                        + "stderr: log to get them, or remove the key");
            }
        }
    }

    private static String name(OutputRedirect r) {
        return switch (r) {
            case OutputRedirect.Console c -> "console";
            case OutputRedirect.Discard d -> "discard";
            case OutputRedirect.File f -> "file " + f.path();
            case OutputRedirect.Log g -> "log " + g.path();
        };
    }
}

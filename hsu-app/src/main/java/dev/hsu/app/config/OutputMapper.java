package dev.hsu.app.config;

import dev.hsu.app.config.yaml.YamlMap;
import dev.hsu.app.config.yaml.YamlNode;
import dev.hsu.app.config.yaml.YamlScalar;
import dev.hsu.core.unit.OutputRedirect;
import java.nio.file.Path;
import java.util.List;

/**
 * Maps {@code stdout:} and {@code stderr:}.
 *
 * <ul>
 *   <li>{@code console} (default): to the master's console, prefixed with the unit name;</li>
 *   <li>{@code discard}: nowhere;</li>
 *   <li>{@code log}: {@code <log directory>/<unit>.out.log} (or {@code .err.log}), written by the
 *       master: timestamps, rotation, compression and retention from {@code log:};</li>
 *   <li>{@code {log: path}}: that file, written by the master;</li>
 *   <li>{@code file}: {@code <log directory>/<unit>.out.log} (or {@code .err.log}), appended by the
 *       child itself (no rotation; the child's output does not depend on the master living);</li>
 *   <li>any other string: that file, appended by the child; relative to the unit's log directory;</li>
 *   <li>{@code {file: path, append: false}}: that file, truncated at each start.</li>
 * </ul>
 * Paths are made absolute here, so the core receives no relative path.
 */
final class OutputMapper {
    static final List<String> KEYS = List.of("file", "append", "log");

    private OutputMapper() {
    }

    /**
     * @param key {@code stdout} or {@code stderr}
     * @param logDirectory the unit's effective log directory (absolute)
     */
    static OutputRedirect map(Section unit, String key, Path logDirectory) {
        YamlNode n = unit.node(key);
        if (n == null) {
            return OutputRedirect.console();
        }
        if (n instanceof YamlScalar s) {
            String text = s.text().trim();
            switch (text) {
                case "console":
                    return OutputRedirect.console();
                case "discard":
                    return OutputRedirect.discard();
                case "file":
                    return new OutputRedirect.File(defaultFile(unit, key, logDirectory), true);
                case "log":
                    return new OutputRedirect.Log(defaultFile(unit, key, logDirectory));
                case "":
                    unit.error(key, "must not be empty; use console, discard, log, file, a file path, {log: path} or {file: path}");
                    return OutputRedirect.console();
                default:
                    Path p = unit.resolvePath(text, logDirectory, key);
                    return p == null ? OutputRedirect.console() : new OutputRedirect.File(p, true);
            }
        }
        if (n instanceof YamlMap) {
            Section o = unit.section(key);
            o.checkKeys(KEYS);
            if (o.has("log")) {
                if (o.has("file") || o.has("append")) {
                    o.scope().error(unit.at(key), unit.field(key), "takes either log (a file the master writes) or "
                            + "file/append (a file the child writes), not both");
                    return OutputRedirect.console();
                }
                Path log = o.path("log", logDirectory);
                return log == null ? OutputRedirect.console() : new OutputRedirect.Log(log);
            }
            Path file = o.path("file", logDirectory);
            Boolean append = o.bool("append");
            if (file == null) {
                if (!o.has("file")) {
                    o.scope().error(unit.at(key), unit.field(key) + ".file",
                            "is required in the map form, e.g. " + key + ": {file: app.log, append: false}");
                }
                return OutputRedirect.console();
            }
            return new OutputRedirect.File(file, append == null || append);
        }
        unit.wrongType(key, n, "console, discard, log, file, a file path, {log: path} or {file: path, append: true}");
        return OutputRedirect.console();
    }

    private static Path defaultFile(Section unit, String key, Path logDirectory) {
        return logDirectory.resolve(unit.scope().unit() + (key.equals("stdout") ? ".out.log" : ".err.log"));
    }
}

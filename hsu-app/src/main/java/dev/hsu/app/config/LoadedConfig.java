package dev.hsu.app.config;

import dev.hsu.core.unit.ManagedUnit;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A configuration file that was read, mapped and validated without error.
 *
 * @param file the file, as the user named it
 * @param master the master settings
 * @param units the units, in file order; names are unique
 * @param warnings problems that did not reject the file (unenforceable limits in lenient mode)
 */
public record LoadedConfig(Path file, MasterConfig master, List<ManagedUnit> units, List<ConfigProblem> warnings) {

    public LoadedConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(master, "master");
        units = List.copyOf(units);
        warnings = List.copyOf(warnings);
    }
}

package dev.hsu.core;

import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives the instances of a unit: the unit itself when it has one replica; else
 * {@code name-0 ... name-(N-1)}, each with {@code HSU_REPLICA=i} and {@code HSU_UNIT=name} in its
 * environment and output files of its own ({@code worker.out.log} becomes
 * {@code worker-0.out.log}). Stateless.
 */
final class Replicas {
    private Replicas() {
    }

    static String name(String unit, int index) {
        return unit + "-" + index;
    }

    static List<ManagedUnit> of(ManagedUnit unit) {
        if (!unit.isPool()) {
            return List.of(unit);
        }
        List<ManagedUnit> out = new ArrayList<>(unit.replicas());
        for (int i = 0; i < unit.replicas(); i++) {
            String name = name(unit.name(), i);
            ManagedUnit.Builder b = ManagedUnit.builder(name);
            ManagedUnit template = unit;
            b.description(template.description()).executable(template.executable()).args(template.args())
                    .environment(template.environment())
                    .env(ManagedUnit.REPLICA_VARIABLE, Integer.toString(i))
                    .env(ManagedUnit.UNIT_VARIABLE, unit.name())
                    .workingDirectory(template.workingDirectory()).restart(template.restart())
                    .autoStart(template.autoStart()).resources(template.resources()).priority(template.priority())
                    .log(template.log()).stdout(own(template.stdout(), i)).stderr(own(template.stderr(), i))
                    .healthCheck(template.healthCheck()).readinessCheck(template.readinessCheck())
                    .gracefulTimeout(template.gracefulTimeout()).stopSignal(template.stopSignal())
                    .startTimeout(template.startTimeout())
                    .identity(template.identity()).umask(template.umask())
                    .clearEnvironment(template.clearEnvironment()).secrets(template.secrets());
            // Dependencies, schedule, replicas and restart_dependents belong to the pool, not to an instance.
            out.add(b.build());
        }
        return out;
    }

    /** A file of its own per replica: {@code -i} before the first dot of the file name. */
    static OutputRedirect own(OutputRedirect redirect, int index) {
        return switch (redirect) {
            case OutputRedirect.File f -> new OutputRedirect.File(own(f.path(), index), f.append());
            case OutputRedirect.Log l -> new OutputRedirect.Log(own(l.path(), index));
            default -> redirect;
        };
    }

    private static Path own(Path path, int index) {
        Path file = path.getFileName();
        if (file == null) {
            return path;
        }
        String name = file.toString();
        int dot = name.indexOf('.', 1);
        String renamed = dot < 0 ? name + "-" + index : name.substring(0, dot) + "-" + index + name.substring(dot);
        Path parent = path.getParent();
        return parent == null ? Path.of(renamed) : parent.resolve(renamed);
    }
}

package dev.hsu.linux.internal.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mark of a master's parent cgroup whose units are to outlive it: an empty child cgroup
 * named {@link MasterIdentity#KEPT_MARKER}. Set by the master that keeps them ({@link
 * CgroupTree#keepUnitsAtExit}), read by the leftover cleaning of the others ({@link Leftovers}),
 * which leave the running units of a marked parent alone. A marked parent is removed with its
 * mark, once no unit is left in it.
 *
 * <p>Thread-safety: stateless; the file system is the state.
 */
final class KeptMark {
    private static final Logger LOG = LoggerFactory.getLogger(KeptMark.class);

    private KeptMark() {
    }

    static Path of(Path parent) {
        return parent.resolve(MasterIdentity.KEPT_MARKER);
    }

    static boolean isOn(Path parent) {
        return Files.isDirectory(of(parent));
    }

    /** Marks (or unmarks) each of {@code parents}; a failure is logged, not thrown. */
    static void set(Collection<Path> parents, boolean kept) {
        for (Path p : parents) {
            try {
                if (!kept) {
                    CgroupFs.rmdir(of(p));
                } else if (!isOn(p)) {
                    CgroupFs.mkdir(of(p));
                }
            } catch (RuntimeException e) {
                LOG.warn(kept ? "could not mark HSU's cgroup {} as holding units kept for the next master ({}); "
                        + "another HSU master that starts first may take them for orphans and kill them"
                        : "could not unmark HSU's cgroup {} as holding units kept for the next master ({})", p,
                        e.getMessage());
            }
        }
    }

    /** The unit directories of {@code parent}: its child cgroups but the mark. */
    static List<Path> unitDirs(Path parent) {
        Path mark = of(parent);
        return CgroupFs.childDirs(parent).stream().filter(d -> !d.equals(mark)).toList();
    }

    /**
     * Removes {@code parent}, its mark first if it has one.
     *
     * @return true if it is gone; false if it still holds a unit directory
     */
    static boolean removeWithParent(Path parent) {
        return CgroupFs.rmdir(of(parent)) && CgroupFs.rmdir(parent);
    }
}

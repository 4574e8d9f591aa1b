package dev.hsu.linux.internal.cgroup;

import dev.hsu.spi.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes what a master that is gone (crashed, killed) left in a hierarchy: directories
 * named {@code hsu-<pid>-<start>[-tag][.master]} (see {@link MasterIdentity}) below the new
 * master's own cgroup, whose master no longer runs. Their unit cgroups still hold the units that
 * master started, now unsupervised: they are killed, then the directories are removed. Nothing
 * else is touched: not another live master's tree, not a cgroup HSU did not name, and not the
 * running units of a master that left them on purpose ({@code shutdown --keep-units}, or a
 * crash with {@code on_crash: keep-units}; its parent marked with {@link
 * MasterIdentity#KEPT_MARKER}): they wait for the next master of that master's state directory,
 * which may be another than this one's. Such a parent goes once its
 * units have. For that next master (the parents its state file points to: {@code inherited}),
 * the mark protects only what it adopted: the rest, say what a kept unit's main process left
 * behind when it ended while no master ran, is killed like any leftover.
 *
 * <p>Thread-safety: call from one thread (the tree's start).
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /**
     * @return the number of leftover parent directories removed
     */
    static int clean(Hierarchy h, MasterIdentity self, MasterLiveness liveness, PidSignaller signaller,
            Path procRoot) {
        return clean(h, self, liveness, signaller, procRoot, dir -> false, dir -> false);
    }

    /**
     * @param claimed unit directories a new master adopted (their units were left running on
     *     purpose): neither killed nor removed, and their parent stays
     * @param inherited parents whose units were kept for this master (its state file points to
     *     them): their mark does not protect what this master did not claim
     */
    static int clean(Hierarchy h, MasterIdentity self, MasterLiveness liveness, PidSignaller signaller,
            Path procRoot, java.util.function.Predicate<Path> claimed, java.util.function.Predicate<Path> inherited) {
        int removed = 0;
        for (Path dir : CgroupFs.childDirs(h.ownDir())) {
            Optional<MasterIdentity> owner = MasterIdentity.ofName(dir.getFileName().toString());
            if (owner.isEmpty() || owner.get().sameProcess(self)
                    || liveness.alive(owner.get().pid(), owner.get().startTicks())) {
                continue;
            }
            boolean keptOnPurpose = KeptMark.isOn(dir) && !inherited.test(dir);
            int killed = 0;
            int waiting = 0;
            boolean spared = false;
            boolean clean = true;
            for (Path unitDir : KeptMark.unitDirs(dir)) {
                if (claimed.test(unitDir)) {
                    spared = true; // kept: its parent stays with it
                    continue;
                }
                UnitCgroup leftover = asUnit(h, dir, unitDir, procRoot);
                if (keptOnPurpose && !leftover.isEmpty()) {
                    waiting++;
                    continue;
                }
                killed += leftover.killAll(signaller).size();
                UnitCgroup.waitFor(leftover::isEmpty);
                clean &= leftover.remove();
            }
            if (waiting > 0) {
                LOG.info("cgroup {} holds {} unit{} that HSU master pid {} kept running for the next master of its "
                        + "state directory (shutdown --keep-units, on_crash: keep-units); left alone", dir,
                        waiting, waiting == 1 ? "" : "s", owner.get().pid());
            } else if (spared) {
                if (killed > 0) {
                    LOG.warn("killed {} orphaned unit process{} left in cgroup {} by HSU master pid {} (no longer "
                            + "running); its adopted units stay", killed, killed == 1 ? "" : "es", dir, owner.get().pid());
                }
            } else if (clean && KeptMark.removeWithParent(dir)) {
                removed++;
                if (keptOnPurpose) {
                    LOG.info("removed cgroup {}, where HSU master pid {} had kept units for its next master: they are "
                            + "gone", dir, owner.get().pid());
                } else {
                    LOG.warn("removed cgroup {} left by HSU master pid {} (no longer running){}", dir,
                            owner.get().pid(), killed > 0 ? "; killed its " + killed + " orphaned unit process"
                                    + (killed == 1 ? "" : "es") : "");
                }
            } else {
                LOG.warn("cgroup {} left by HSU master pid {} (no longer running) could not be removed: it still "
                        + "holds processes; remove it by hand once they are gone", dir, owner.get().pid());
            }
        }
        return removed;
    }

    private static UnitCgroup asUnit(Hierarchy h, Path parent, Path unitDir, Path procRoot) {
        String cgroupPath = (h.ownIsRoot() ? "" : h.ownPath()) + "/" + parent.getFileName() + "/"
                + unitDir.getFileName();
        KillMethod method;
        if (h.version() == CgroupVersion.V2) {
            method = Files.exists(unitDir.resolve("cgroup.kill")) ? KillMethod.CGROUP_KILL
                    : Files.exists(unitDir.resolve("cgroup.freeze")) ? KillMethod.V2_FREEZE : KillMethod.SIGNAL_LOOP;
        } else {
            method = h.controllers().contains(Controller.FREEZER) ? KillMethod.V1_FREEZER : KillMethod.SIGNAL_LOOP;
        }
        Set<Controller> controllers = h.version() == CgroupVersion.V1 ? h.controllers() : Set.of();
        return new UnitCgroup("(left over)", unitDir.getFileName().toString(), ResourceLimits.NONE,
                List.of(UnitCgroup.Dir.at(h, controllers, unitDir, cgroupPath)), method, IoFeatures.NONE, procRoot);
    }
}

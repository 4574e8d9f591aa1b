package dev.hsu.linux.internal.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leftover cleaning on a fixture v1 hierarchy (empty directories: nothing to kill). */
class LeftoversTest {

    @TempDir
    Path root;

    @Test
    void namesCarryPidStartAndTag() {
        MasterIdentity id = new MasterIdentity(123, 456, "");
        assertEquals("hsu-123-456", id.parentName());
        assertEquals("hsu-123-456.master", id.leafName());
        assertEquals("hsu-123-456-t7", new MasterIdentity(123, 456, "t7").parentName());
        assertEquals(Optional.of(new MasterIdentity(123, 456, "t7")), MasterIdentity.ofName("hsu-123-456-t7"));
        assertEquals(Optional.of(id), MasterIdentity.ofName("hsu-123-456.master"));
        assertEquals(Optional.empty(), MasterIdentity.ofName("hsu-web"));
        assertEquals(Optional.empty(), MasterIdentity.ofName("system.slice"));
    }

    @Test
    void onlyTheTreesOfMastersThatAreGoneAreRemoved() throws Exception {
        Path own = Files.createDirectories(root.resolve("pids/process_api/x"));
        Files.createDirectories(own.resolve("hsu-100-5/web.1"));          // dead master, one unit
        Files.createDirectories(own.resolve("hsu-100-5.master"));         // its v2-style leaf
        Files.createDirectories(own.resolve("hsu-200-7/db.2"));           // live master
        Files.createDirectories(own.resolve("hsu-300-9-t1"));             // this process, another tree
        Files.createDirectories(own.resolve("hsu-100-6"));                // pid 100 reused: start differs, dead
        Files.createDirectories(own.resolve("not-hsu/child"));            // someone else's
        Hierarchy h = new Hierarchy(CgroupVersion.V1, root.resolve("pids"), Set.of(Controller.PIDS), "/process_api/x",
                true);
        MasterLiveness liveness = (pid, start) -> pid == 200 && start == 7 || pid == 300 && start == 9;
        PidSignaller never = (pid, signal, member) -> {
            throw new AssertionError("nothing to signal in empty cgroups");
        };

        int removed = Leftovers.clean(h, new MasterIdentity(300, 9, ""), liveness, never, root);

        assertEquals(3, removed);
        assertFalse(Files.exists(own.resolve("hsu-100-5")));
        assertFalse(Files.exists(own.resolve("hsu-100-5.master")));
        assertFalse(Files.exists(own.resolve("hsu-100-6")));
        assertTrue(Files.exists(own.resolve("hsu-200-7/db.2")));
        assertTrue(Files.exists(own.resolve("hsu-300-9-t1")));
        assertTrue(Files.exists(own.resolve("not-hsu/child")));
    }

    /** Records each pid signalled, and "kills" it: the fixture's {@code procs} file goes. */
    private static PidSignaller killing(Path procs, java.util.List<Integer> signalled) {
        return (pid, signal, member) -> {
            signalled.add(pid);
            try {
                Files.deleteIfExists(procs);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return true;
        };
    }

    @Test
    void runningUnitsKeptOnPurposeAreLeftAloneAndTheirParentGoesOnceTheyHave() throws Exception {
        Path own = Files.createDirectories(root.resolve("pids/process_api/x"));
        Path waiting = own.resolve("hsu-100-5");
        Files.createDirectories(waiting.resolve(MasterIdentity.KEPT_MARKER));
        Files.writeString(Files.createDirectories(waiting.resolve("web.1")).resolve("cgroup.procs"), "4242\n");
        Files.createDirectories(waiting.resolve("db.2"));                    // a kept unit that has ended
        Path gone = own.resolve("hsu-101-5");
        Files.createDirectories(gone.resolve(MasterIdentity.KEPT_MARKER));
        Files.createDirectories(gone.resolve("web.3"));
        Path crashed = own.resolve("hsu-102-5");                               // not kept: its units are orphans
        Files.writeString(Files.createDirectories(crashed.resolve("web.4")).resolve("cgroup.procs"), "4343\n");
        Hierarchy h = new Hierarchy(CgroupVersion.V1, root.resolve("pids"), Set.of(Controller.PIDS), "/process_api/x",
                true);
        java.util.List<Integer> signalled = new java.util.concurrent.CopyOnWriteArrayList<>();
        PidSignaller recording = killing(crashed.resolve("web.4/cgroup.procs"), signalled);

        int removed = Leftovers.clean(h, new MasterIdentity(300, 9, ""), (pid, start) -> false, recording, root);

        assertEquals(2, removed);
        assertFalse(Files.exists(crashed));
        assertTrue(Files.exists(waiting.resolve("web.1/cgroup.procs")), "the running kept unit stays");
        assertTrue(Files.isDirectory(waiting.resolve(MasterIdentity.KEPT_MARKER)), "and its parent stays marked");
        assertFalse(Files.exists(waiting.resolve("db.2")), "an ended kept unit's directory goes");
        assertFalse(Files.exists(gone), "a kept parent whose units have all ended goes, marker and all");
        assertFalse(signalled.contains(4242), "a kept unit is never signalled");
        assertTrue(signalled.contains(4343), "an orphan of a crashed master is killed");
    }

    @Test
    void forTheMasterTheyWereKeptForAMarkProtectsOnlyWhatItAdopted() throws Exception {
        Path own = Files.createDirectories(root.resolve("pids/process_api/x"));
        Path kept = own.resolve("hsu-100-5");
        Files.createDirectories(kept.resolve(MasterIdentity.KEPT_MARKER));
        Path remnant = kept.resolve("web.1");
        Files.writeString(Files.createDirectories(remnant).resolve("cgroup.procs"), "4242\n");
        Hierarchy h = new Hierarchy(CgroupVersion.V1, root.resolve("pids"), Set.of(Controller.PIDS), "/process_api/x",
                true);
        java.util.List<Integer> signalled = new java.util.concurrent.CopyOnWriteArrayList<>();
        PidSignaller recording = killing(remnant.resolve("cgroup.procs"), signalled);

        int removed = Leftovers.clean(h, new MasterIdentity(300, 9, ""), (pid, start) -> false, recording, root,
                dir -> false, kept::equals);

        assertEquals(java.util.List.of(4242), signalled, "what the next master did not adopt is killed");
        assertEquals(1, removed);
        assertFalse(Files.exists(kept), "and the parent goes, mark and all");
    }

    @Test
    void unitDirectoryNamesAreSafe() {
        assertEquals("web", CgroupTree.dirName("web"));
        assertEquals("a_b_c", CgroupTree.dirName("a/b c"));
        assertEquals("_.hidden", CgroupTree.dirName(".hidden"));
        assertEquals("_", CgroupTree.dirName(""));
        assertEquals("worker@3", CgroupTree.dirName("worker@3"));
        assertEquals(64, CgroupTree.dirName("x".repeat(100)).length());
        assertEquals("caf_", CgroupTree.dirName("café"));
    }

    @Test
    void ioCountersAreSummedOverDevices() {
        assertEquals(java.util.List.of(30L, 12L), java.util.Arrays.stream(IoStat.v2(
                "8:0 rbytes=10 wbytes=2 rios=1 wios=1 dbytes=0 dios=0\n254:0 rbytes=20 wbytes=10 rios=2 wios=2\n"))
                .boxed().toList());
        assertEquals(java.util.List.of(30L, 12L), java.util.Arrays.stream(IoStat.v1(
                "8:0 Read 10\n8:0 Write 2\n8:0 Sync 12\n8:0 Total 12\n254:0 Read 20\n254:0 Write 10\nTotal 42\n"))
                .boxed().toList());
        assertEquals(java.util.List.of(-1L, -1L), java.util.Arrays.stream(IoStat.v2(null)).boxed().toList());
    }
}

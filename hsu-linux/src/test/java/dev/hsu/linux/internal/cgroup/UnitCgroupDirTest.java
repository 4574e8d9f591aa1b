package dev.hsu.linux.internal.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A unit directory keeps its parent and name apart and gives back the paths it was made with. */
class UnitCgroupDirTest {
    private static final Hierarchy PIDS = new Hierarchy(CgroupVersion.V1, Path.of("/sys/fs/cgroup/pids"),
            Set.of(Controller.PIDS), "/process_api/x", true);

    @Test
    void aDirectoryMadeInASlotJoinsParentAndName() {
        Path parent = Path.of("/sys/fs/cgroup/pids/process_api/x/hsu-1-2");
        UnitCgroup.Dir d = UnitCgroup.Dir.in(PIDS, Set.of(Controller.PIDS), parent, "/process_api/x/hsu-1-2/", "web.3");

        assertEquals(Path.of("/sys/fs/cgroup/pids/process_api/x/hsu-1-2/web.3"), d.path());
        assertEquals("/process_api/x/hsu-1-2/web.3", d.cgroupPath());
        assertEquals(Set.of(Controller.PIDS), d.controllers());
        assertSame(PIDS, d.hierarchy());
    }

    @Test
    void aDirectoryFoundByItsPathGivesBackTheSamePaths() {
        Path path = Path.of("/sys/fs/cgroup/pids/process_api/x/hsu-1-2/web.3");
        UnitCgroup.Dir d = UnitCgroup.Dir.at(PIDS, Set.of(Controller.PIDS), path, "/process_api/x/hsu-1-2/web.3");

        assertEquals(path, d.path());
        assertEquals("/process_api/x/hsu-1-2/web.3", d.cgroupPath());
        assertEquals(UnitCgroup.Dir.in(PIDS, Set.of(Controller.PIDS), path.getParent(), "/process_api/x/hsu-1-2/",
                "web.3"), d);
    }

    @Test
    void pathsThatDoNotShareTheirLastNameAreKeptWhole() {
        Path root = Path.of("/sys/fs/cgroup/pids");
        UnitCgroup.Dir atRoot = UnitCgroup.Dir.at(PIDS, Set.of(), root, "/");
        UnitCgroup.Dir odd = UnitCgroup.Dir.at(PIDS, Set.of(), root.resolve("a"), "/b");

        assertEquals(root, atRoot.path());
        assertEquals("/", atRoot.cgroupPath());
        assertEquals(root.resolve("a"), odd.path());
        assertEquals("/b", odd.cgroupPath());
        assertNotEquals(atRoot, odd);
    }
}

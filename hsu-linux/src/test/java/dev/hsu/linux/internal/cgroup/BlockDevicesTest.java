package dev.hsu.linux.internal.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockDevicesTest {

    @TempDir
    Path sys;

    /** The kernel's encoding of a device number (glibc's makedev). */
    static long makedev(long major, long minor) {
        return ((major & 0xfffL) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xffL) | ((minor & ~0xffL) << 12);
    }

    @Test
    void deviceNumbersDecodeAsGlibcDoes() {
        assertEquals(254, BlockDevices.major(makedev(254, 0)));
        assertEquals(0, BlockDevices.minor(makedev(254, 0)));
        assertEquals(259, BlockDevices.major(makedev(259, 3)));
        assertEquals(3, BlockDevices.minor(makedev(259, 3)));
        assertEquals(4096, BlockDevices.major(makedev(4096, 300000)));
        assertEquals(300000, BlockDevices.minor(makedev(4096, 300000)));
        assertEquals(65024, makedev(254, 0), "st_dev of a directory on vda here");
    }

    @Test
    void aPartitionIsLimitedOnItsWholeDisk() throws Exception {
        Path sda = sys.resolve("devices/pci0/block/sda");
        Files.createDirectories(sda.resolve("sda1"));
        Files.createDirectories(sda.resolve("queue"));
        Files.writeString(sda.resolve("dev"), "8:0\n");
        Files.writeString(sda.resolve("queue/scheduler"), "mq-deadline kyber [bfq] none\n");
        Files.writeString(sda.resolve("sda1/partition"), "1\n");
        Files.writeString(sda.resolve("sda1/dev"), "8:1\n");
        Files.createDirectories(sys.resolve("dev/block"));
        Files.createSymbolicLink(sys.resolve("dev/block/8:1"), sda.resolve("sda1"));
        Files.createSymbolicLink(sys.resolve("dev/block/8:0"), sda);

        BlockDevices devices = new BlockDevices(sys, sys.resolve("mountinfo"), devOf(Map.of("/srv", makedev(8, 1),
                "/data", makedev(8, 0))));
        assertEquals(new BlockDevices.Found(new BlockDevice("8:0", "sda", "sda1", "bfq")), devices.resolve(Path.of("/srv")));
        assertEquals(new BlockDevices.Found(new BlockDevice("8:0", "sda", null, "bfq")), devices.resolve(Path.of("/data")));
        assertEquals("sda (8:0) for partition sda1",
                ((BlockDevices.Found) devices.resolve(Path.of("/srv"))).device().describe());
    }

    @Test
    void aVirtualFileSystemHasNoDiskAndTheAnswerNamesIt() throws Exception {
        Files.writeString(sys.resolve("mountinfo"), "33 24 0:30 / /dev/shm rw - tmpfs tmpfs rw,inode64\n");
        BlockDevices devices = new BlockDevices(sys, sys.resolve("mountinfo"), devOf(Map.of("/dev/shm",
                makedev(0, 30), "/gone", makedev(8, 16))));
        BlockDevices.NotLimitable no = assertInstanceOf(BlockDevices.NotLimitable.class,
                devices.resolve(Path.of("/dev/shm")));
        assertEquals("/dev/shm is on tmpfs (device 0:30), which has no block device of its own", no.reason());
        assertTrue(((BlockDevices.NotLimitable) devices.resolve(Path.of("/gone"))).reason()
                .contains("device 8:16, which is not a block device"));
    }

    @Test
    void onThisHost() {
        BlockDevices devices = BlockDevices.system();
        BlockDevices.Resolution shm = devices.resolve(Path.of("/dev/shm"));
        assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "no /dev/shm here");
        assertTrue(shm instanceof BlockDevices.NotLimitable n && n.reason().contains("tmpfs"), shm.toString());
        BlockDevices.Resolution here = devices.resolve(Path.of("").toAbsolutePath());
        if (here instanceof BlockDevices.Found found) {
            assertTrue(found.device().majorMinor().matches("\\d+:\\d+"), found.toString());
            assertTrue(Files.exists(Path.of("/sys/dev/block/" + found.device().majorMinor())), found.toString());
        }
    }

    private static java.util.function.ToLongFunction<Path> devOf(Map<String, Long> devs) {
        return p -> devs.getOrDefault(p.toString(), -1L);
    }
}

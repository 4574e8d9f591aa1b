package dev.hsu.linux.internal.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hsu.spi.ResourceLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitMappingTest {
    private static final long MIB = 1L << 20;

    private static final ResourceLimits ALL = ResourceLimits.builder().cpu(0.5).cpuShares(200).memory(64 * MIB)
            .memorySwap(96 * MIB).maxProcesses(20).maxOpenFiles(100L).ioWeight(500).ioReadBps(1_000_000L)
            .ioWriteBps(2_000_000L).build();

    @Test
    void everyLimitHasItsV2File() {
        assertEquals(List.of(
                new LimitFile(Controller.CPU, "cpu.max", "50000 100000"),
                new LimitFile(Controller.CPU, "cpu.weight", "200"),
                new LimitFile(Controller.MEMORY, "memory.max", "67108864"),
                new LimitFile(Controller.MEMORY, "memory.swap.max", "33554432"),
                new LimitFile(Controller.PIDS, "pids.max", "20"),
                new LimitFile(Controller.IO, "io.weight", "default 500"),
                new LimitFile(Controller.IO, "io.bfq.weight", "136")),
                LimitMapping.v2(ALL, List.of("io.weight", "io.bfq.weight", "blkio.bfq.weight")));
    }

    @Test
    void everyLimitHasItsV1FilesWithMemoryBeforeMemoryPlusSwap() {
        assertEquals(List.of(
                new LimitFile(Controller.CPU, "cpu.cfs_period_us", "100000"),
                new LimitFile(Controller.CPU, "cpu.cfs_quota_us", "50000"),
                new LimitFile(Controller.CPU, "cpu.shares", "2048"),
                new LimitFile(Controller.MEMORY, "memory.limit_in_bytes", "67108864"),
                new LimitFile(Controller.MEMORY, "memory.memsw.limit_in_bytes", "100663296"),
                new LimitFile(Controller.PIDS, "pids.max", "20"),
                new LimitFile(Controller.IO, "blkio.bfq.weight", "136"),
                new LimitFile(Controller.IO, "blkio.weight", "1000")),
                LimitMapping.v1(ALL, List.of("io.weight", "blkio.bfq.weight", "blkio.weight")));
    }

    @Test
    void memoryPlusSwapAloneCapsMemoryAndLeavesNoSwapBeyondIt() {
        ResourceLimits swapOnly = ResourceLimits.builder().memorySwap(96 * MIB).build();
        assertEquals(List.of(new LimitFile(Controller.MEMORY, "memory.max", "100663296"),
                new LimitFile(Controller.MEMORY, "memory.swap.max", "0")), LimitMapping.v2(swapOnly, List.of()));
        assertEquals(List.of(new LimitFile(Controller.MEMORY, "memory.limit_in_bytes", "100663296"),
                new LimitFile(Controller.MEMORY, "memory.memsw.limit_in_bytes", "100663296")),
                LimitMapping.v1(swapOnly, List.of()));
    }

    @Test
    void cpuQuotaIsAtLeastTheKernelsMinimumAndCoresAboveOneWork() {
        assertEquals(1000, LimitMapping.quotaUs(0.001));
        assertEquals(250_000, LimitMapping.quotaUs(2.5));
    }

    @Test
    void weightsKeepTheirDefaultsAcrossScales() {
        assertEquals(1024, LimitMapping.cpuShares(100));
        assertEquals(10, LimitMapping.cpuShares(1));
        assertEquals(102_400, LimitMapping.cpuShares(10_000));
        assertEquals(100, LimitMapping.bfqWeight(100));
        assertEquals(1, LimitMapping.bfqWeight(1));
        assertEquals(1000, LimitMapping.bfqWeight(10_000));
        assertEquals(500, LimitMapping.cfqWeight(100));
        assertEquals(10, LimitMapping.cfqWeight(1));
    }

    @Test
    void bandwidthIsPerDevice() {
        assertEquals(List.of(new LimitFile(Controller.IO, "io.max", "8:0 rbps=1000000 wbps=2000000")),
                LimitMapping.device(CgroupVersion.V2, ALL, "8:0"));
        assertEquals(List.of(new LimitFile(Controller.IO, "blkio.throttle.read_bps_device", "8:0 1000000"),
                new LimitFile(Controller.IO, "blkio.throttle.write_bps_device", "8:0 2000000")),
                LimitMapping.device(CgroupVersion.V1, ALL, "8:0"));
        assertEquals(List.of(new LimitFile(Controller.IO, "io.max", "8:0 wbps=5")),
                LimitMapping.device(CgroupVersion.V2, ResourceLimits.builder().ioWriteBps(5L).build(), "8:0"));
        assertEquals(List.of(), LimitMapping.device(CgroupVersion.V2, ResourceLimits.NONE, "8:0"));
    }

    @Test
    void noLimitsNoFiles() {
        assertEquals(List.of(), LimitMapping.v2(ResourceLimits.NONE, List.of("io.weight")));
        assertEquals(List.of(), LimitMapping.v1(ResourceLimits.builder().maxOpenFiles(10L).build(), List.of()));
    }
}

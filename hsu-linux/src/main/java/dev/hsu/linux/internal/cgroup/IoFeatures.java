package dev.hsu.linux.internal.cgroup;

import java.util.List;

/**
 * What the host's I/O controller can do, beyond being present.
 *
 * @param throttle bandwidth limits exist ({@code io.max} / {@code blkio.throttle.*_bps_device})
 * @param weightFiles the weight files of a unit cgroup, in the order they are written
 *     ({@code io.weight}, {@code io.bfq.weight}, {@code blkio.bfq.weight}, {@code blkio.weight});
 *     empty if none
 * @param devices every block device with its scheduler
 * @param iocostDevices v2: devices ({@code major:minor}) with blk-iocost enabled in
 *     {@code io.cost.qos}, under which {@code io.weight} acts whatever the scheduler
 */
public record IoFeatures(boolean throttle, List<String> weightFiles, List<BlockScheduler> devices,
        List<String> iocostDevices) {

    public IoFeatures {
        weightFiles = List.copyOf(weightFiles);
        devices = List.copyOf(devices);
        iocostDevices = List.copyOf(iocostDevices);
    }

    public static final IoFeatures NONE = new IoFeatures(false, List.of(), List.of(), List.of());

    /** Whether a weight set in a unit cgroup acts on at least one device. */
    public boolean weightActsSomewhere() {
        if (weightFiles.isEmpty()) {
            return false;
        }
        return !iocostDevices.isEmpty() && weightFiles.contains("io.weight")
                || devices.stream().anyMatch(BlockScheduler::weighs);
    }
}

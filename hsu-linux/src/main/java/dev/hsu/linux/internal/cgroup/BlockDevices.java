package dev.hsu.linux.internal.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Finds the block device under a directory, for the per-device I/O limits: {@code stat(2)}'s
 * {@code st_dev} of the directory, then {@code /sys/dev/block/<major>:<minor>}. A partition is
 * replaced by its disk (the parent directory in sysfs). A file system without a block device of
 * its own (major 0: tmpfs, overlayfs, NFS, FUSE, btrfs subvolumes) cannot have its I/O limited
 * this way; the answer then says so, naming the file system type from {@code mountinfo}.
 *
 * <p>Thread-safety: stateless apart from its parameters.
 */
public final class BlockDevices {

    /** The answer: the device, or why there is none. */
    public sealed interface Resolution permits Found, NotLimitable {
    }

    public record Found(BlockDevice device) implements Resolution {
    }

    /** @param reason a sentence naming the directory and what it is on */
    public record NotLimitable(String reason) implements Resolution {
    }

    private final Path sysRoot;
    private final Path mountinfo;
    private final ToLongFunction<Path> deviceOf;

    /**
     * @param sysRoot normally {@code /sys}
     * @param mountinfo normally {@code /proc/self/mountinfo}, for naming a virtual file system
     * @param deviceOf {@code st_dev} of a path (the kernel's encoding), or -1 if it cannot be read
     */
    public BlockDevices(Path sysRoot, Path mountinfo, ToLongFunction<Path> deviceOf) {
        this.sysRoot = sysRoot;
        this.mountinfo = mountinfo;
        this.deviceOf = deviceOf;
    }

    public static BlockDevices system() {
        return new BlockDevices(Path.of("/sys"), Path.of("/proc/self/mountinfo"), BlockDevices::stDev);
    }

    public Resolution resolve(Path directory) {
        long dev = deviceOf.applyAsLong(directory);
        if (dev < 0) {
            return new NotLimitable("cannot stat " + directory);
        }
        long major = major(dev);
        long minor = minor(dev);
        String number = major + ":" + minor;
        if (major == 0) {
            return new NotLimitable(directory + " is on " + fsType(number).orElse("a virtual file system")
                    + " (device " + number + "), which has no block device of its own");
        }
        Path entry = sysRoot.resolve("dev/block/" + number);
        Path real;
        try {
            real = entry.toRealPath();
        } catch (IOException e) {
            return new NotLimitable(directory + " is on device " + number + ", which is not a block device in "
                    + sysRoot.resolve("dev/block"));
        }
        String partition = null;
        Path disk = real;
        if (Files.exists(real.resolve("partition"))) {
            partition = real.getFileName().toString();
            disk = real.getParent();
        }
        Optional<String> diskNumber = CgroupFs.read(disk.resolve("dev")).map(String::trim);
        if (diskNumber.isEmpty()) {
            return new NotLimitable(directory + " is on partition " + partition + ", whose disk " + disk
                    + " has no dev file");
        }
        String scheduler = CgroupFs.read(disk.resolve("queue/scheduler")).map(BlockScheduler::active).orElse("none");
        return new Found(new BlockDevice(diskNumber.get(), disk.getFileName().toString(), partition, scheduler));
    }

    private Optional<String> fsType(String number) {
        return CgroupFs.read(mountinfo).flatMap(text -> {
            for (String line : text.split("\n")) {
                String[] f = line.split(" ");
                int dash = java.util.Arrays.asList(f).indexOf("-");
                if (f.length > 2 && f[2].equals(number) && dash > 0 && dash + 1 < f.length) {
                    return Optional.of(f[dash + 1]);
                }
            }
            return Optional.empty();
        });
    }

    /** glibc's {@code gnu_dev_major}. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L);
    }

    /** glibc's {@code gnu_dev_minor}. */
    static long minor(long dev) {
        return (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
    }

    private static long stDev(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:dev")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return -1;
        }
    }
}

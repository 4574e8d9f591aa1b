package dev.hsu.linux.internal.cgroup;

/**
 * The disk that I/O limits for a directory apply to.
 *
 * @param majorMinor the whole disk's number, e.g. {@code 8:0}; the kernel accepts no partition in
 *     {@code io.max} or {@code blkio.throttle.*}, so a directory on {@code sda1} is limited on
 *     {@code sda}: the limit then covers the unit's I/O to every partition of that disk
 * @param name the disk's kernel name, e.g. {@code sda}, {@code dm-0}
 * @param partition the partition's name when the file system sits on one, else null
 * @param scheduler the disk's active I/O scheduler ({@code bfq}, {@code mq-deadline}, {@code none}...)
 */
public record BlockDevice(String majorMinor, String name, String partition, String scheduler) {

    /** E.g. {@code sda (8:0) for partition sda1}. */
    public String describe() {
        return name + " (" + majorMinor + ")" + (partition != null ? " for partition " + partition : "");
    }
}

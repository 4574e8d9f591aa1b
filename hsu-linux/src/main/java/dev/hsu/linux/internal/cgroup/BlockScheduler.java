package dev.hsu.linux.internal.cgroup;

/**
 * A block device and its active I/O scheduler, from {@code /sys/block/<name>/queue/scheduler}
 * (the name in brackets).
 *
 * @param device the kernel name, e.g. {@code vda}, {@code nvme0n1}
 * @param scheduler e.g. {@code mq-deadline}, {@code bfq}, {@code none}
 */
public record BlockScheduler(String device, String scheduler) {

    /** Weights ({@code io_weight}) act only under BFQ (or CFQ before Linux 5.0). */
    public boolean weighs() {
        return scheduler.equals("bfq") || scheduler.equals("cfq");
    }

    /** The bracketed entry of a scheduler file's text, or {@code none} if nothing is bracketed. */
    static String active(String schedulerFile) {
        int open = schedulerFile.indexOf('[');
        int close = open < 0 ? -1 : schedulerFile.indexOf(']', open);
        return close < 0 ? "none" : schedulerFile.substring(open + 1, close);
    }
}

package dev.hsu.spi;

/**
 * A limit that the kernel enforced on a unit: the reason behind an exit that would otherwise look
 * like a plain SIGKILL, or a failed fork.
 *
 * @param kind the limit that was hit
 * @param limit the configured value in the limit's unit (bytes, processes)
 * @param description a human sentence, e.g. {@code OOM (memory limit 64MiB)}
 */
public record LimitViolation(LimitKind kind, long limit, String description) {
}

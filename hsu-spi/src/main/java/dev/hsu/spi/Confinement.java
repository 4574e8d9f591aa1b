package dev.hsu.spi;

/**
 * What a {@link ResourceLimiter} prepared for one unit (a cgroup, a Job Object, a list of
 * rlimits). Opaque to the core: it is handed back to the launcher, signaller, meter and limiter
 * of the <em>same</em> provider, which know its concrete type.
 *
 * <p>Thread-safety: implementations are immutable or thread-safe.
 */
public interface Confinement {

    /** The unit this confinement belongs to (for replicas, the instance name). */
    String unitId();

    /** The limits it enforces. */
    ResourceLimits limits();
}

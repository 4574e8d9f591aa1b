package dev.hsu.spi;

import java.util.Optional;

/**
 * The entry point of an OS adapter, discovered with {@link java.util.ServiceLoader}. The
 * application keeps the available providers and takes the one with the highest
 * {@link #priority()} (or the one named by {@code -Dhsu.platform=ID}).
 *
 * <p>Construction must be cheap and must not fail: probing happens in {@link #isAvailable()},
 * once, and its outcome is kept ({@link #unavailabilityCause()}), in the manner of Netty's
 * {@code Epoll}. The ports are only asked for when the provider is available.
 */
public interface PlatformProvider {

    /** Short stable id, e.g. {@code linux}, {@code windows}, {@code macos}. */
    String id();

    /** Higher wins among available providers. Built-in adapters use 100. */
    int priority();

    /** Whether this provider works on this host. Probes once; later calls return the kept answer. */
    boolean isAvailable();

    /** Why it is not available; empty when it is. */
    Optional<Throwable> unavailabilityCause();

    /**
     * Throws {@link IllegalStateException} carrying the unavailability cause, if not available.
     */
    default void ensureAvailability() {
        if (!isAvailable()) {
            Throwable cause = unavailabilityCause().orElse(null);
            throw new IllegalStateException("platform provider '" + id() + "' is not available"
                    + (cause != null ? ": " + cause.getMessage() : ""), cause);
        }
    }

    /** What this provider can do on this host. */
    PlatformCapabilities capabilities();

    ProcessLauncher launcher();

    ProcessSignaller signaller();

    ResourceLimiter limiter();

    ResourceMeter meter();
}

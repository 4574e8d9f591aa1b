package dev.hsu.core;

import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import java.util.Objects;

/**
 * The ports of one selected adapter, as the {@link Master} uses them. Immutable; every component
 * is non-null.
 *
 * @param id the provider's id, e.g. {@code linux}
 * @param launcher starts processes
 * @param signaller signals and kills process trees
 * @param limiter prepares and releases confinements, explains limit kills
 * @param meter samples resource usage
 * @param capabilities what this platform can enforce and deliver, for validation
 */
public record Platform(String id, ProcessLauncher launcher, ProcessSignaller signaller,
                       ResourceLimiter limiter, ResourceMeter meter, PlatformCapabilities capabilities) {

    public Platform {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(signaller, "signaller");
        Objects.requireNonNull(limiter, "limiter");
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(capabilities, "capabilities");
    }

    /**
     * Takes the ports of an available provider.
     *
     * @throws IllegalStateException carrying the provider's unavailability cause if it is not available
     */
    public static Platform of(PlatformProvider provider) {
        Objects.requireNonNull(provider, "provider");
        provider.ensureAvailability();
        return new Platform(provider.id(), provider.launcher(), provider.signaller(), provider.limiter(),
                provider.meter(), provider.capabilities());
    }
}

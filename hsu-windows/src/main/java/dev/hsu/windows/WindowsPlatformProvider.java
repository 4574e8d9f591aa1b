package dev.hsu.windows;

import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Windows adapter's entry point.
 *
 * <p>Platform note: the Windows ports are not built yet (their own issue). Until then this provider
 * is never available: on other systems because the OS does not match, on Windows because the
 * ports are missing. Selection therefore lists it with that cause and never picks it.
 */
public final class WindowsPlatformProvider implements PlatformProvider {

    private final String osName;

    public WindowsPlatformProvider() {
        this(System.getProperty("os.name", "unknown"));
    }

    WindowsPlatformProvider(String osName) {
        this.osName = osName;
    }

    @Override
    public String id() {
        return "windows";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        String name = osName.toLowerCase(Locale.ROOT);
        if (!name.startsWith("windows")) {
            return Optional.of(new UnsupportedOperationException(
                    "this host runs " + osName + ", not Windows"));
        }
        return Optional.of(new UnsupportedOperationException(
                "the Windows adapter's ports are not built yet in this version of HSU"));
    }

    @Override
    public PlatformCapabilities capabilities() {
        return new PlatformCapabilities(Set.of(), Set.of(), false, List.of("Windows adapter not available"));
    }

    @Override
    public ProcessLauncher launcher() {
        ensureAvailability();
        throw new AssertionError("unreachable");
    }

    @Override
    public ProcessSignaller signaller() {
        ensureAvailability();
        throw new AssertionError("unreachable");
    }

    @Override
    public ResourceLimiter limiter() {
        ensureAvailability();
        throw new AssertionError("unreachable");
    }

    @Override
    public ResourceMeter meter() {
        ensureAvailability();
        throw new AssertionError("unreachable");
    }
}

package dev.hsu.app.platform;

import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A provider whose only behaviour is its identity and availability: what selection looks at. */
final class FakeProvider implements PlatformProvider {
    private final String id;
    private final int priority;
    private final Throwable cause;

    private FakeProvider(String id, int priority, Throwable cause) {
        this.id = id;
        this.priority = priority;
        this.cause = cause;
    }

    static FakeProvider available(String id, int priority) {
        return new FakeProvider(id, priority, null);
    }

    static FakeProvider unavailable(String id, int priority, String why) {
        return new FakeProvider(id, priority, new IllegalStateException(why));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public boolean isAvailable() {
        return cause == null;
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(cause);
    }

    @Override
    public PlatformCapabilities capabilities() {
        return new PlatformCapabilities(Set.of(), Set.of(), false, List.of());
    }

    @Override
    public ProcessLauncher launcher() {
        throw new UnsupportedOperationException("selection never asks for ports");
    }

    @Override
    public ProcessSignaller signaller() {
        throw new UnsupportedOperationException("selection never asks for ports");
    }

    @Override
    public ResourceLimiter limiter() {
        throw new UnsupportedOperationException("selection never asks for ports");
    }

    @Override
    public ResourceMeter meter() {
        throw new UnsupportedOperationException("selection never asks for ports");
    }
}

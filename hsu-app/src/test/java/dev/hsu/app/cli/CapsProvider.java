package dev.hsu.app.cli;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import dev.hsu.spi.Signal;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A provider that only has capabilities: what {@code hsu validate} uses. Asking it for a port is
 * a test failure, which proves that validating starts nothing.
 */
final class CapsProvider implements PlatformProvider {
    private final PlatformCapabilities caps;

    CapsProvider(Set<LimitKind> limits, String... notes) {
        this.caps = new PlatformCapabilities(limits, EnumSet.allOf(Signal.class), true, List.of(notes));
    }

    @Override public String id() { return "testos"; }
    @Override public int priority() { return 100; }
    @Override public boolean isAvailable() { return true; }
    @Override public Optional<Throwable> unavailabilityCause() { return Optional.empty(); }
    @Override public PlatformCapabilities capabilities() { return caps; }
    @Override public ProcessLauncher launcher() { throw new AssertionError("validate must not launch"); }
    @Override public ProcessSignaller signaller() { throw new AssertionError("validate must not signal"); }
    @Override public ResourceLimiter limiter() { throw new AssertionError("validate must not confine"); }
    @Override public ResourceMeter meter() { throw new AssertionError("validate must not meter"); }
}

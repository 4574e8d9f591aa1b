package dev.hsu.tests.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.Signal;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The provider itself: its identity, its registration for {@link ServiceLoader}, its availability
 * on its own OS and what it must at least be able to do.
 */
public abstract class ProviderConformance extends ConformanceBase {

    @Test
    void hasAShortLowerCaseId() {
        assertTrue(provider.id().matches("[a-z][a-z0-9-]*"), "id '" + provider.id() + "'");
    }

    @Test
    void isRegisteredForTheServiceLoader() {
        assertTrue(ServiceLoader.load(PlatformProvider.class).stream()
                        .anyMatch(p -> p.type() == provider.getClass()),
                provider.getClass().getName() + " is not listed in META-INF/services/dev.hsu.spi.PlatformProvider");
    }

    @Test
    void isAvailableWithoutCauseAndKeepsItsAnswer() {
        assertTrue(provider.isAvailable());
        assertTrue(provider.isAvailable(), "the probe's outcome is kept");
        assertTrue(provider.unavailabilityCause().isEmpty(), () -> "available, yet a cause is given: "
                + provider.unavailabilityCause().orElseThrow());
        assertDoesNotThrow(provider::ensureAvailability);
    }

    @Test
    void givesItsFourPorts() {
        assertNotNull(provider.launcher());
        assertNotNull(provider.signaller());
        assertNotNull(provider.limiter());
        assertNotNull(provider.meter());
    }

    @Test
    void canStopUnitsGracefullyAndForcibly() {
        // The core's default stop signal and its forced kill.
        assertTrue(capabilities.signals().contains(Signal.TERM), "TERM (the default stop signal) is not deliverable");
        assertTrue(capabilities.signals().contains(Signal.KILL), "KILL (the forced stop) is not deliverable");
    }

    @Test
    void aSecondInstanceReportsTheSameCapabilities() {
        PlatformProvider other = target().providerFactory().get();
        assertEquals(provider.id(), other.id());
        assertEquals(capabilities, other.capabilities());
    }
}

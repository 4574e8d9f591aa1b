package dev.hsu.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.PlatformProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MacOsPlatformProviderTest {

    @Test
    void isRegisteredForServiceLoader() {
        assertTrue(ServiceLoader.load(PlatformProvider.class).stream()
                .anyMatch(p -> p.type() == MacOsPlatformProvider.class));
    }

    @Test
    void onAnotherOsItIsUnavailableAndSaysWhichOsItSaw() {
        var provider = new MacOsPlatformProvider("Linux");
        assertFalse(provider.isAvailable());
        assertEquals("this host runs Linux, not macOS", provider.unavailabilityCause().orElseThrow().getMessage());
        var e = assertThrows(IllegalStateException.class, provider::launcher);
        assertTrue(e.getMessage().contains("'macos' is not available"), e.getMessage());
    }

    @Test
    void onItsOwnOsItStillSaysThePortsAreMissing() {
        var provider = new MacOsPlatformProvider("Mac OS X");
        assertFalse(provider.isAvailable());
        assertTrue(provider.unavailabilityCause().orElseThrow().getMessage().contains("not built yet"));
    }
}

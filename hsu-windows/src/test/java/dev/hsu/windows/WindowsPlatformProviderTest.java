package dev.hsu.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.PlatformProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class WindowsPlatformProviderTest {

    @Test
    void isRegisteredForServiceLoader() {
        assertTrue(ServiceLoader.load(PlatformProvider.class).stream()
                .anyMatch(p -> p.type() == WindowsPlatformProvider.class));
    }

    @Test
    void onAnotherOsItIsUnavailableAndSaysWhichOsItSaw() {
        var provider = new WindowsPlatformProvider("Linux");
        assertFalse(provider.isAvailable());
        assertEquals("this host runs Linux, not Windows", provider.unavailabilityCause().orElseThrow().getMessage());
        var e = assertThrows(IllegalStateException.class, provider::launcher);
        assertTrue(e.getMessage().contains("'windows' is not available"), e.getMessage());
    }

    @Test
    void onItsOwnOsItStillSaysThePortsAreMissing() {
        var provider = new WindowsPlatformProvider("Windows 11");
        assertFalse(provider.isAvailable());
        assertTrue(provider.unavailabilityCause().orElseThrow().getMessage().contains("not built yet"));
    }
}

package dev.hsu.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.jna.Pointer;
import dev.hsu.macos.internal.MacLibProc;
import dev.hsu.macos.internal.MacLibc;
import dev.hsu.macos.internal.MacNatives;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.Signal;
import java.util.EnumSet;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MacOsPlatformProviderTest {

    @Test
    void isRegisteredForServiceLoader() {
        assertTrue(ServiceLoader.load(PlatformProvider.class).stream()
                .anyMatch(p -> p.type() == MacOsPlatformProvider.class));
    }

    @Test
    void onAnotherOsItIsUnavailableAndSaysWhichOsItSaw() {
        AtomicInteger loads = new AtomicInteger();
        var provider = new MacOsPlatformProvider("Linux", "amd64", () -> {
            loads.incrementAndGet();
            throw new AssertionError("no native library is loaded on another OS");
        });
        assertFalse(provider.isAvailable());
        assertEquals("this host runs Linux, not macOS", provider.unavailabilityCause().orElseThrow().getMessage());
        var e = assertThrows(IllegalStateException.class, provider::launcher);
        assertTrue(e.getMessage().contains("'macos' is not available: this host runs Linux, not macOS"), e.getMessage());
        assertTrue(provider.capabilities().enforceableLimits().isEmpty());
        assertEquals(0, loads.get());
    }

    @Test
    void theDefaultProviderOnThisHostIsUnavailableNamingTheOs() {
        String os = System.getProperty("os.name");
        if (!os.toLowerCase(Locale.ROOT).startsWith("mac")) {
            var provider = new MacOsPlatformProvider();
            assertFalse(provider.isAvailable());
            assertEquals("this host runs " + os + ", not macOS", provider.unavailabilityCause().orElseThrow().getMessage());
        }
    }

    @Test
    void onAMacNamedHostWithoutLibSystemTheCauseIsTheLoadFailure() {
        var provider = new MacOsPlatformProvider("Mac OS X", "aarch64", MacNatives::load);
        assertFalse(provider.isAvailable());
        String cause = provider.unavailabilityCause().orElseThrow().getMessage();
        assertTrue(cause.startsWith("JNA could not bind libSystem"), cause);
    }

    @Test
    void withWorkingNativesItIsAvailableAndClaimsRlimitsOnly() {
        MacLibc libc = mock(MacLibc.class);
        MacLibProc libproc = mock(MacLibProc.class);
        when(libc.kqueue()).thenReturn(7);
        when(libc.getpid()).thenReturn(1);
        when(libc.mach_timebase_info(any())).thenAnswer(inv -> {
            inv.<Pointer>getArgument(0).setInt(0, 1);
            inv.<Pointer>getArgument(0).setInt(4, 1);
            return 0;
        });
        when(libproc.proc_pidinfo(anyInt(), anyInt(), anyLong(), any(), anyInt())).thenAnswer(inv -> inv.getArgument(4));
        var provider = new MacOsPlatformProvider("Mac OS X", "aarch64", () -> new MacNatives(libc, libproc));
        assertTrue(provider.isAvailable());
        assertTrue(provider.unavailabilityCause().isEmpty());
        assertEquals(EnumSet.of(LimitKind.MAX_OPEN_FILES, LimitKind.MAX_PROCESSES),
                provider.capabilities().enforceableLimits());
        assertEquals(EnumSet.allOf(Signal.class), provider.capabilities().signals());
        assertFalse(provider.capabilities().treeKill());
        assertEquals("macos", provider.id());
        assertEquals(100, provider.priority());
    }
}

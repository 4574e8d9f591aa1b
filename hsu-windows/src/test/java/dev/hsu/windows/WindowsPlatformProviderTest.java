package dev.hsu.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyShort;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.Signal;
import dev.hsu.windows.internal.Kernel32;
import dev.hsu.windows.internal.User32;
import dev.hsu.windows.internal.WindowsNatives;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WindowsPlatformProviderTest {

    @Test
    void isRegisteredForServiceLoader() {
        assertTrue(ServiceLoader.load(PlatformProvider.class).stream()
                .anyMatch(p -> p.type() == WindowsPlatformProvider.class));
    }

    @Test
    void onAnotherOsItIsUnavailableAndSaysWhichOsItSaw() {
        AtomicInteger loads = new AtomicInteger();
        var provider = new WindowsPlatformProvider("Linux", "amd64", () -> {
            loads.incrementAndGet();
            throw new AssertionError("no native library is loaded on another OS");
        });
        assertFalse(provider.isAvailable());
        assertEquals("this host runs Linux, not Windows", provider.unavailabilityCause().orElseThrow().getMessage());
        var e = assertThrows(IllegalStateException.class, provider::launcher);
        assertTrue(e.getMessage().contains("'windows' is not available: this host runs Linux, not Windows"), e.getMessage());
        assertTrue(provider.capabilities().enforceableLimits().isEmpty());
        assertEquals(0, loads.get());
    }

    @Test
    void theDefaultProviderOnThisLinuxHostIsUnavailableNamingTheOs() {
        var provider = new WindowsPlatformProvider();
        String os = System.getProperty("os.name");
        if (!os.toLowerCase(Locale.ROOT).startsWith("windows")) {
            assertFalse(provider.isAvailable());
            assertEquals("this host runs " + os + ", not Windows", provider.unavailabilityCause().orElseThrow().getMessage());
        }
    }

    @Test
    void onAWindowsNamedHostWithoutKernel32TheCauseIsTheLoadFailure() {
        // What happens if os.name lies: the probe does not trust the name alone.
        var provider = new WindowsPlatformProvider("Windows 11", "amd64", WindowsNatives::load);
        assertFalse(provider.isAvailable());
        String cause = provider.unavailabilityCause().orElseThrow().getMessage();
        assertTrue(cause.startsWith("JNA could not load kernel32 and user32"), cause);
    }

    @Test
    void a32BitWindowsIsRefused() {
        var provider = new WindowsPlatformProvider("Windows 10", "x86", () -> {
            throw new AssertionError("not loaded");
        });
        assertFalse(provider.isAvailable());
        assertTrue(provider.unavailabilityCause().orElseThrow().getMessage().contains("64-bit Windows"));
    }

    @Test
    void withWorkingNativesItIsAvailableAndClaimsJobObjectLimits() {
        Kernel32 k32 = mock(Kernel32.class);
        when(k32.CreateJobObjectW(any(), any())).thenReturn(new HANDLE(new Pointer(0x44)));
        when(k32.SetInformationJobObject(any(), anyInt(), any(), anyInt())).thenReturn(true);
        when(k32.CreateIoCompletionPort(any(), any(), anyLong(), anyInt())).thenReturn(new HANDLE(new Pointer(0x48)));
        when(k32.SetIoRateControlInformationJobObject(any(), any())).thenReturn(1);
        when(k32.GetActiveProcessorCount(anyShort())).thenReturn(16);
        AtomicInteger loads = new AtomicInteger();
        var provider = new WindowsPlatformProvider("Windows Server 2022", "amd64", () -> {
            loads.incrementAndGet();
            return new WindowsNatives(k32, mock(User32.class));
        });
        assertTrue(provider.isAvailable());
        assertTrue(provider.isAvailable());
        assertEquals(1, loads.get(), "probed once");
        assertTrue(provider.unavailabilityCause().isEmpty());
        assertTrue(provider.capabilities().enforceableLimits().contains(LimitKind.IO_WRITE_BPS));
        assertEquals(java.util.Set.of(Signal.TERM, Signal.KILL), provider.capabilities().signals());
        assertTrue(provider.capabilities().treeKill());
        assertEquals("windows", provider.id());
        assertEquals(100, provider.priority());
    }
}

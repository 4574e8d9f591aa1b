package dev.hsu.app.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.hsu.app.config.LoadedConfig;
import dev.hsu.app.config.MasterConfig;
import dev.hsu.core.ConsoleOutput;
import dev.hsu.core.Master;
import dev.hsu.core.MasterSettings;
import dev.hsu.core.Platform;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import dev.hsu.spi.ProcessLauncher;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceMeter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class HsuModuleTest {

    @Test
    void providesThePortsOfTheSelectedProviderAndOneMaster() {
        ProcessLauncher launcher = Mockito.mock(ProcessLauncher.class);
        ProcessSignaller signaller = Mockito.mock(ProcessSignaller.class);
        ResourceLimiter limiter = Mockito.mock(ResourceLimiter.class);
        ResourceMeter meter = Mockito.mock(ResourceMeter.class);
        PlatformCapabilities caps = new PlatformCapabilities(Set.of(), Set.of(), false, List.of("note"));
        PlatformProvider provider = new PlatformProvider() {
            @Override public String id() { return "testos"; }
            @Override public int priority() { return 1; }
            @Override public boolean isAvailable() { return true; }
            @Override public Optional<Throwable> unavailabilityCause() { return Optional.empty(); }
            @Override public PlatformCapabilities capabilities() { return caps; }
            @Override public ProcessLauncher launcher() { return launcher; }
            @Override public ProcessSignaller signaller() { return signaller; }
            @Override public ResourceLimiter limiter() { return limiter; }
            @Override public ResourceMeter meter() { return meter; }
        };
        MasterConfig masterConfig = new MasterConfig(Path.of("/var/log/hsu"), false);
        LoadedConfig config = new LoadedConfig(Path.of("hsu.yaml"), masterConfig, List.of(), List.of());
        ConsoleOutput console = (unit, stream, line) -> { };

        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                new HsuModule(provider, config, console, Map.of("PATH", "/usr/bin")));

        assertSame(launcher, injector.getInstance(ProcessLauncher.class));
        assertSame(signaller, injector.getInstance(ProcessSignaller.class));
        assertSame(limiter, injector.getInstance(ResourceLimiter.class));
        assertSame(meter, injector.getInstance(ResourceMeter.class));
        assertSame(caps, injector.getInstance(PlatformCapabilities.class));
        Platform platform = injector.getInstance(Platform.class);
        assertEquals("testos", platform.id());
        assertSame(platform, injector.getInstance(Platform.class));
        assertEquals(new MasterSettings(Map.of("PATH", "/usr/bin"), Path.of("/var/log/hsu"), false, console),
                injector.getInstance(MasterSettings.class));
        Master master = injector.getInstance(Master.class);
        try {
            assertSame(master, injector.getInstance(Master.class));
            assertSame(platform, master.platform());
            assertSame(config, injector.getInstance(LoadedConfig.class));
        } finally {
            master.close();
        }
        // Building the graph asked the ports for nothing.
        Mockito.verifyNoInteractions(launcher, signaller, limiter, meter);
    }
}

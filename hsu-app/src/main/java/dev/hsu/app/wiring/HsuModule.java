package dev.hsu.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
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
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The application's object graph. It binds what was decided before Guice started (the selected
 * {@link PlatformProvider}, the loaded configuration, where console output goes, the master's
 * environment) and derives the ports, {@link Platform}, {@link MasterSettings} and the single
 * {@link Master} from them.
 *
 * <p>No conditions and no side effects: nothing here probes the host, reads files or the
 * environment, or starts threads. The {@link Master} is created when first injected.
 */
public final class HsuModule extends AbstractModule {
    private final PlatformProvider provider;
    private final LoadedConfig config;
    private final ConsoleOutput console;
    private final Map<String, String> baseEnvironment;
    private final Path stateDirectory;

    /**
     * @param provider the selected provider; must be available
     * @param config the loaded configuration
     * @param console where console-redirected unit output goes
     * @param baseEnvironment the environment units inherit (normally {@link System#getenv()})
     */
    public HsuModule(PlatformProvider provider, LoadedConfig config, ConsoleOutput console,
                     Map<String, String> baseEnvironment) {
        this(provider, config, console, baseEnvironment, null);
    }

    /**
     * @param stateDirectory the master's state directory (schedule state files go there); null
     *     keeps no state across restarts
     */
    public HsuModule(PlatformProvider provider, LoadedConfig config, ConsoleOutput console,
                     Map<String, String> baseEnvironment, Path stateDirectory) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.config = Objects.requireNonNull(config, "config");
        this.console = Objects.requireNonNull(console, "console");
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.stateDirectory = stateDirectory;
    }

    @Override
    protected void configure() {
        bind(PlatformProvider.class).toInstance(provider);
        bind(LoadedConfig.class).toInstance(config);
        bind(MasterConfig.class).toInstance(config.master());
        bind(ConsoleOutput.class).toInstance(console);
    }

    @Provides
    @Singleton
    Platform platform(PlatformProvider p) {
        return Platform.of(p);
    }

    @Provides
    ProcessLauncher launcher(Platform p) {
        return p.launcher();
    }

    @Provides
    ProcessSignaller signaller(Platform p) {
        return p.signaller();
    }

    @Provides
    ResourceLimiter limiter(Platform p) {
        return p.limiter();
    }

    @Provides
    ResourceMeter meter(Platform p) {
        return p.meter();
    }

    @Provides
    PlatformCapabilities capabilities(Platform p) {
        return p.capabilities();
    }

    @Provides
    @Singleton
    MasterSettings settings(MasterConfig master, ConsoleOutput out) {
        return new MasterSettings(baseEnvironment, master.logDirectory(), master.strictLimits(), out,
                master.startConcurrency(), stateDirectory);
    }

    @Provides
    @Singleton
    Master master(Platform p, MasterSettings settings) {
        return new Master(p, settings);
    }
}

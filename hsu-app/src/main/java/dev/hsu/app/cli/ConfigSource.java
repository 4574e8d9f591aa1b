package dev.hsu.app.cli;

import dev.hsu.app.config.ConfigException;
import dev.hsu.app.config.ConfigLoader;
import dev.hsu.app.config.LoadedConfig;
import dev.hsu.app.platform.PlatformSelectionException;
import dev.hsu.spi.PlatformCapabilities;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** How {@code hsu run} gets its configuration: read now, or read ahead by {@link #prefetch}. */
@FunctionalInterface
interface ConfigSource {

    /**
     * Loads {@code file}, validating it against the capabilities of the selected platform.
     *
     * @throws ConfigException with every problem of the file
     * @throws NoPlatformException if validation needed a platform and none could be selected
     */
    LoadedConfig load(Path file, PlatformSource platforms) throws ConfigException;

    /** Reads the file when asked. */
    static ConfigSource direct() {
        return (file, platforms) -> new ConfigLoader(capabilitiesOf(platforms)).load(file);
    }

    /**
     * Starts reading {@code guess} (the file the command line most likely names) on a daemon
     * thread now, while picocli is still being loaded and the arguments parsed: on two cores the
     * two overlap. {@link #load} then takes that result if it is asked for the same path, and reads
     * the file itself otherwise. Reading a file has no side effect, so a wrong guess costs only
     * the work.
     */
    static ConfigSource prefetch(Path guess, PlatformSource platforms) {
        CompletableFuture<LoadedConfig> ahead = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                ahead.complete(new ConfigLoader(capabilitiesOf(platforms)).load(guess));
            } catch (ConfigException | RuntimeException | LinkageError e) {
                ahead.completeExceptionally(e);
            }
        }, "hsu-config-read-ahead");
        t.setDaemon(true);
        t.start();
        ConfigSource direct = direct();
        return (file, p) -> {
            if (!file.equals(guess)) {
                return direct.load(file, p);
            }
            try {
                return ahead.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof ConfigException c) {
                    throw new ConfigException(c.problems());
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        };
    }

    /** The platform's capabilities, selecting it on first use. */
    private static Supplier<PlatformCapabilities> capabilitiesOf(PlatformSource platforms) {
        return () -> {
            try {
                return platforms.select().capabilities();
            } catch (PlatformSelectionException e) {
                throw new NoPlatformException(e);
            }
        };
    }
}

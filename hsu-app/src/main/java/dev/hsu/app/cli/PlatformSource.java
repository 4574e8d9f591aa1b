package dev.hsu.app.cli;

import dev.hsu.app.platform.PlatformSelectionException;
import dev.hsu.app.platform.PlatformSelector;
import dev.hsu.spi.PlatformProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** How a command gets its platform: normally the selection started by {@link #prefetch()}. */
@FunctionalInterface
interface PlatformSource {
    PlatformProvider select() throws PlatformSelectionException;

    /**
     * Starts {@link PlatformSelector#selectFromClassPath()} on a daemon thread now, so that
     * probing the host (loading native access, reading /proc) overlaps with what the main thread
     * does meanwhile (building the command line, reading the YAML). Selection has no side effect
     * beyond that probing. {@link #select()} waits for the outcome.
     */
    static PlatformSource prefetch() {
        CompletableFuture<PlatformProvider> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(PlatformSelector.selectFromClassPath());
            } catch (PlatformSelectionException | RuntimeException | LinkageError e) {
                result.completeExceptionally(e);
            }
        }, "hsu-platform-selection");
        t.setDaemon(true);
        t.start();
        return () -> {
            try {
                return result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof PlatformSelectionException p) {
                    throw new PlatformSelectionException(p.getMessage());
                }
                throw e;
            }
        };
    }
}

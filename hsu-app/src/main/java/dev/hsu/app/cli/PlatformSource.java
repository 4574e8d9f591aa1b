package dev.hsu.app.cli;

import dev.hsu.app.platform.PlatformSelectionException;
import dev.hsu.spi.PlatformProvider;

/** How a command gets its platform: normally {@code PlatformSelector::selectFromClassPath}. */
@FunctionalInterface
interface PlatformSource {
    PlatformProvider select() throws PlatformSelectionException;
}

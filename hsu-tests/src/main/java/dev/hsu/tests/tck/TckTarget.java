package dev.hsu.tests.tck;

import dev.hsu.spi.PlatformProvider;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The adapter under test: how to make its provider, and the commands for its OS. An adapter's test
 * module declares one constant of this type and returns it from every kit subclass.
 *
 * <p>On a host whose OS is not the target's, every kit test is skipped (a Windows adapter is not
 * expected to work on Linux). On the target's OS the provider must be available: if it is not,
 * every test fails with the provider's unavailability cause.
 *
 * <p>The provider and the commands are made once per JVM and name (the ports keep event threads
 * and the Windows commands compile a helper).
 *
 * @param name a short name for messages and the cache, e.g. {@code linux}
 * @param osNamePrefix the start of {@code os.name} on the target's OS, case-insensitive, e.g.
 *     {@code Linux}, {@code Windows}, {@code Mac OS}
 * @param providerFactory makes the provider (normally its public no-argument constructor)
 * @param commandsFactory makes the OS's commands
 */
public record TckTarget(String name, String osNamePrefix, Supplier<PlatformProvider> providerFactory,
        Supplier<TckCommands> commandsFactory) {

    private static final Map<String, PlatformProvider> PROVIDERS = new ConcurrentHashMap<>();
    private static final Map<String, TckCommands> COMMANDS = new ConcurrentHashMap<>();

    public TckTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(osNamePrefix, "osNamePrefix");
        Objects.requireNonNull(providerFactory, "providerFactory");
        Objects.requireNonNull(commandsFactory, "commandsFactory");
    }

    /** True if this host runs the target's OS. */
    public boolean runsHere() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
                .startsWith(osNamePrefix.toLowerCase(Locale.ROOT));
    }

    /** The provider, made on first use. */
    public PlatformProvider provider() {
        return PROVIDERS.computeIfAbsent(name, n -> providerFactory.get());
    }

    /** The commands, made on first use. */
    public TckCommands commands() {
        return COMMANDS.computeIfAbsent(name, n -> commandsFactory.get());
    }
}

package dev.hsu.spi;

import java.util.Set;

/**
 * What an adapter can do on this host, so that configuration validation can reject (or warn
 * about) what would otherwise be silently ignored.
 *
 * @param enforceableLimits the limits the kernel will enforce here
 * @param signals the signals that can be delivered
 * @param treeKill true if stopping a unit reaches every descendant, including those that left its
 *     process group (cgroups, Job Objects); false if only the process group and the descendants
 *     visible through parent links are reached
 * @param notes one line per limitation worth showing to a user (e.g. "memory_swap: the kernel
 *     has no swap accounting"); a note on a missing {@link LaunchFeature} starts with its
 *     {@link LaunchFeature#configKey()} and a colon
 * @param launchFeatures the optional launch settings honoured here (user switching, umask)
 */
public record PlatformCapabilities(
        Set<LimitKind> enforceableLimits,
        Set<Signal> signals,
        boolean treeKill,
        java.util.List<String> notes,
        Set<LaunchFeature> launchFeatures) {

    public PlatformCapabilities {
        enforceableLimits = Set.copyOf(enforceableLimits);
        signals = Set.copyOf(signals);
        notes = java.util.List.copyOf(notes);
        launchFeatures = Set.copyOf(launchFeatures);
    }

    /** Capabilities without any optional launch feature. */
    public PlatformCapabilities(Set<LimitKind> enforceableLimits, Set<Signal> signals, boolean treeKill,
                                java.util.List<String> notes) {
        this(enforceableLimits, signals, treeKill, notes, Set.of());
    }
}

package dev.hsu.spi;

/**
 * Optional parts of a {@link LaunchSpec} that an adapter may or may not honour on its host, so
 * that validation rejects a unit asking for one it cannot have, instead of starting it without.
 */
public enum LaunchFeature {
    /**
     * {@link LaunchSpec#identity()}: running a unit as another user and groups. Platform note:
     * on Linux only a master that is root (or has CAP_SETUID and CAP_SETGID) has it.
     */
    SWITCH_USER("user"),
    /** {@link LaunchSpec#umask()}: the file mode creation mask. Platform note: POSIX only. */
    UMASK("umask");

    private final String configKey;

    LaunchFeature(String configKey) {
        this.configKey = configKey;
    }

    /** The configuration key that asks for it; capability notes about it start with {@code key:}. */
    public String configKey() {
        return configKey;
    }
}

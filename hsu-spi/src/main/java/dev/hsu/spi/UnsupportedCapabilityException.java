package dev.hsu.spi;

/** A port was asked for something this operating system (or host) cannot do. */
public class UnsupportedCapabilityException extends RuntimeException {
    private final String capability;
    private final String platform;

    public UnsupportedCapabilityException(String capability, String platform, String reason) {
        super(capability + " is not supported on " + platform + ": " + reason);
        this.capability = capability;
        this.platform = platform;
    }

    /** The capability asked for, e.g. {@code signal SIGUSR1} or {@code limit io_read_bps}. */
    public String capability() {
        return capability;
    }

    /** The platform, e.g. {@code windows} or {@code linux (cgroup v1, no blkio)}. */
    public String platform() {
        return platform;
    }
}

package dev.hsu.linux.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * The architecture-dependent numbers the adapter needs. Only x86_64 and aarch64 are supported:
 * they share the generic signal, errno, rlimit and open-flag numbering, and the syscall numbers of
 * the pidfd calls; they differ in the layout of {@code struct epoll_event}, which is packed
 * (12 bytes) on x86_64 only.
 *
 * @param name the JVM's {@code os.arch}
 * @param epollEventSize bytes of one {@code struct epoll_event}
 * @param epollDataOffset offset of its {@code data} member
 */
record Arch(String name, int epollEventSize, int epollDataOffset) {

    static final long SYS_PIDFD_SEND_SIGNAL = 424;
    static final long SYS_PIDFD_OPEN = 434;

    /** The running JVM's architecture. */
    static Optional<Arch> current() {
        return of(System.getProperty("os.arch", ""));
    }

    static Optional<Arch> of(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of(new Arch("x86_64", 12, 4));
            case "aarch64", "arm64" -> Optional.of(new Arch("aarch64", 16, 8));
            default -> Optional.empty();
        };
    }
}

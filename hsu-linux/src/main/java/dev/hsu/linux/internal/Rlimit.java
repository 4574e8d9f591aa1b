package dev.hsu.linux.internal;

import dev.hsu.spi.LimitKind;

/**
 * The rlimits this adapter sets, with their numbers (x86_64 and aarch64) and the {@code ulimit}
 * option that sets them.
 */
enum Rlimit {
    /** Open file descriptors per process. */
    NOFILE(Sys.RLIMIT_NOFILE, LimitKind.MAX_OPEN_FILES),
    /** Processes (threads included) of the user: the kernel counts every process of the real uid. */
    NPROC(Sys.RLIMIT_NPROC, LimitKind.MAX_PROCESSES);

    private final int resource;
    private final LimitKind kind;

    Rlimit(int resource, LimitKind kind) {
        this.resource = resource;
        this.kind = kind;
    }

    int resource() {
        return resource;
    }

    LimitKind kind() {
        return kind;
    }
}

package dev.hsu.macos.internal;

import dev.hsu.spi.LimitKind;

/**
 * An rlimit the exec trampoline sets, soft and hard alike, before the program runs.
 *
 * @param kind the limit's kind ({@code max_open_files}: RLIMIT_NOFILE 8, {@code max_processes}:
 *     RLIMIT_NPROC 7, macOS numbers)
 * @param value the new soft and hard limit, at least 1
 */
record RlimitStep(LimitKind kind, long value) {

    RlimitStep {
        if (kind != LimitKind.MAX_OPEN_FILES && kind != LimitKind.MAX_PROCESSES) {
            throw new IllegalArgumentException(kind.configKey() + " is not an rlimit on macOS");
        }
        if (value < 1) {
            throw new IllegalArgumentException(kind.configKey() + " must be at least 1, got " + value);
        }
    }

    int resource() {
        return kind == LimitKind.MAX_OPEN_FILES ? Darwin.RLIMIT_NOFILE : Darwin.RLIMIT_NPROC;
    }

    /** The {@code ulimit} option in the given shell. */
    String option(ShellProfile shell) {
        return kind == LimitKind.MAX_OPEN_FILES ? "-n" : shell.processLimitOption();
    }
}

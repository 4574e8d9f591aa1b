package dev.hsu.app.control;

/**
 * The numeric user id of this process. Thread-safe.
 *
 * <p>Platform note: uses {@code com.sun.security.auth.module.UnixSystem} (module
 * {@code jdk.security.auth}), present on Linux and macOS; on Windows, or on a runtime image
 * without that module, {@link #uid()} returns -1.
 */
final class CurrentUser {

    private static final long UID = lookUp();

    private CurrentUser() {
    }

    /** The real uid, or -1 where the platform has none. */
    static long uid() {
        return UID;
    }

    private static long lookUp() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException notUnix) {
            return -1;
        }
    }
}

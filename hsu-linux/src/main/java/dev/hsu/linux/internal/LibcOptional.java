package dev.hsu.linux.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * C library functions that only newer versions have, bound separately so that their absence
 * does not stop {@link Libc} from loading.
 */
final class LibcOptional {

    /** Whether {@code posix_spawn_file_actions_addclosefrom_np} (glibc 2.34+) could be bound. */
    static final boolean HAS_ADDCLOSEFROM = bind();

    private LibcOptional() {
    }

    private static boolean bind() {
        try {
            NativeLibrary libc = NativeLibrary.getInstance("c");
            libc.getFunction("posix_spawn_file_actions_addclosefrom_np");
            Native.register(CloseFrom.class, libc);
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /** Closes every fd from {@code from} upwards in the child; only call when {@link #HAS_ADDCLOSEFROM}. */
    static int addclosefrom(Pointer actions, int from) {
        return CloseFrom.posix_spawn_file_actions_addclosefrom_np(actions, from);
    }

    private static final class CloseFrom {
        private CloseFrom() {
        }

        static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);
    }
}

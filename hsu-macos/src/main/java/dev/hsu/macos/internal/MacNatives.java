package dev.hsu.macos.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.List;

/**
 * The native libraries the adapter calls, handed to every part of it through constructors so that
 * tests can hand mocks instead.
 *
 * @param libc processes, kqueue, pipes, rlimits
 * @param libproc process information and accounting
 */
public record MacNatives(MacLibc libc, MacLibProc libproc) {

    /** Symbols that only newer systems have; their absence makes the adapter unavailable. */
    static final List<String> REQUIRED_SYMBOLS = List.of("posix_spawn_file_actions_addchdir_np",
            "posix_spawn_file_actions_addinherit_np", "proc_pid_rusage", "proc_listpids", "kqueue");

    /**
     * Binds libSystem through JNA and checks that the newer symbols exist.
     *
     * @throws UnsatisfiedLinkError naming what is missing (not macOS, or older than 10.15)
     */
    public static MacNatives load() {
        NativeLibrary system = NativeLibrary.getInstance("System");
        for (String symbol : REQUIRED_SYMBOLS) {
            system.getFunction(symbol); // throws UnsatisfiedLinkError naming the symbol
        }
        return new MacNatives(Native.load("System", MacLibc.class), Native.load("System", MacLibProc.class));
    }
}

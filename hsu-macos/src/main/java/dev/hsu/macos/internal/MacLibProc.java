package dev.hsu.macos.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * libproc (part of libSystem): what the kernel tells about one process without {@code /proc},
 * which macOS does not have. Interface mapping, so that tests can hand a mock.
 *
 * <p>Thread-safety: the functions are thread-safe.
 */
public interface MacLibProc extends Library {

    /**
     * @return bytes written into {@code buffer}, 0 or less on failure (errno in {@link MacLibc#lastError()})
     */
    int proc_pidinfo(int pid, int flavor, long arg, Pointer buffer, int size);

    /** @return 0 on success */
    int proc_pid_rusage(int pid, int flavor, Pointer buffer);

    /**
     * Pids of a kind ({@link Darwin#PROC_PGRP_ONLY}, {@link Darwin#PROC_PPID_ONLY}).
     *
     * @return bytes written (4 per pid), or with a null buffer the bytes needed now; -1 on failure
     */
    int proc_listpids(int type, int typeInfo, Pointer buffer, int size);
}

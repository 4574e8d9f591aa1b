package dev.hsu.macos.internal;

import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What libproc tells about processes, wrapped: BSD info (parent, group, status, start time), task
 * info (threads), resource usage, open descriptors, and pid listings by parent or group.
 *
 * <p>Thread-safety: stateless; safe from any thread.
 */
final class ProcInfo {
    private final MacLibProc libproc;

    ProcInfo(MacLibProc libproc) {
        this.libproc = libproc;
    }

    /** Empty if the process does not exist (or is not ours to see). */
    Optional<ProcBsdInfo> bsd(int pid) {
        ProcBsdInfo info = new ProcBsdInfo();
        int n = libproc.proc_pidinfo(pid, Darwin.PROC_PIDTBSDINFO, 0, info.getPointer(), info.size());
        if (n < info.size()) {
            return Optional.empty();
        }
        info.read();
        return Optional.of(info);
    }

    Optional<ProcTaskInfo> task(int pid) {
        ProcTaskInfo info = new ProcTaskInfo();
        int n = libproc.proc_pidinfo(pid, Darwin.PROC_PIDTASKINFO, 0, info.getPointer(), info.size());
        if (n < info.size()) {
            return Optional.empty();
        }
        info.read();
        return Optional.of(info);
    }

    Optional<RusageInfoV4> rusage(int pid) {
        RusageInfoV4 info = new RusageInfoV4();
        if (libproc.proc_pid_rusage(pid, Darwin.RUSAGE_INFO_V4, info.getPointer()) != 0) {
            return Optional.empty();
        }
        info.read();
        return Optional.of(info);
    }

    /** Open file descriptors of {@code pid}, or -1 if unknown. */
    long openFiles(int pid) {
        int bytes = libproc.proc_pidinfo(pid, Darwin.PROC_PIDLISTFDS, 0, null, 0);
        return bytes < 0 ? -1 : bytes / Darwin.PROC_PIDLISTFD_SIZE;
    }

    List<Integer> children(int pid) {
        return list(Darwin.PROC_PPID_ONLY, pid);
    }

    List<Integer> groupMembers(int pgid) {
        return list(Darwin.PROC_PGRP_ONLY, pgid);
    }

    private List<Integer> list(int type, int info) {
        int needed = libproc.proc_listpids(type, info, null, 0);
        if (needed <= 0) {
            return List.of();
        }
        // Room for processes started between the two calls.
        int size = needed + 32 * 4;
        try (Memory buffer = new Memory(size)) {
            int n = libproc.proc_listpids(type, info, buffer, size);
            List<Integer> pids = new ArrayList<>();
            for (int i = 0; i + 4 <= n; i += 4) {
                int pid = buffer.getInt(i);
                if (pid > 0) {
                    pids.add(pid);
                }
            }
            return pids;
        }
    }
}

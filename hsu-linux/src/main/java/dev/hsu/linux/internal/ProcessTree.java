package dev.hsu.linux.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A snapshot of processes, each pinned by a pidfd, so that signalling them later cannot hit a
 * recycled pid: a pidfd refers to one process for good, and {@code pidfd_send_signal} on an
 * exited one fails with ESRCH. Taken <em>before</em> signalling anything, while grandchildren are
 * still linked to their parents (a killed parent's children are reparented and lost to the walk).
 *
 * <p>Descendants are found through {@code /proc/<pid>/task/<tid>/children}. Each candidate is
 * opened with {@code pidfd_open} and then checked in {@code /proc/<pid>/stat} (parent or group as
 * expected, not a zombie); one that fails the check is dropped.
 *
 * <p>Thread-safety: confined to the calling thread; close it to release the pidfds.
 */
final class ProcessTree implements AutoCloseable {

    /**
     * @param pid the process id when pinned
     * @param pidfd the pidfd that pins it
     * @param pgrp its process group when pinned
     */
    record Member(int pid, int pidfd, int pgrp) {
    }

    private final ProcFs proc;
    private final List<Member> members = new ArrayList<>();
    private final Set<Integer> seen = new HashSet<>();

    private ProcessTree(ProcFs proc) {
        this.proc = proc;
    }

    /**
     * The descendants of {@code root} (not root itself).
     *
     * @return null if {@code root} was reaped during the walk, whose listing of its children may
     *     then describe another process that got the pid
     */
    static ProcessTree descendantsOf(ProcFs proc, LinuxProcess root) {
        ProcessTree tree = new ProcessTree(proc);
        int rootPid = (int) root.pid();
        tree.seen.add(rootPid);
        List<Member> children = tree.pinChildren(rootPid);
        if (root.isReaped()) {
            tree.close();
            return null;
        }
        tree.walk(children);
        return tree;
    }

    /**
     * The live members of process group {@code pgid} and their descendants. Scans every pid of
     * the proc root: only for the rare case of a group that outlived its leader.
     */
    static ProcessTree groupAndDescendants(ProcFs proc, int pgid) {
        ProcessTree tree = new ProcessTree(proc);
        List<Member> inGroup = new ArrayList<>();
        for (int pid : proc.allPids()) {
            Member m = tree.pin(pid, stat -> stat.pgrp() == pgid);
            if (m != null) {
                inGroup.add(m);
            }
        }
        tree.walk(inGroup);
        return tree;
    }

    List<Member> members() {
        return members;
    }

    /**
     * Sends {@code signal} to the members {@code which} selects.
     *
     * @return how many were signalled (an exited one is not counted)
     */
    int signal(int signal, Predicate<Member> which) {
        int count = 0;
        for (Member m : members) {
            if (which.test(m) && Libc.syscall(Arch.SYS_PIDFD_SEND_SIGNAL, m.pidfd(), signal, 0, 0) == 0) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() {
        for (Member m : members) {
            Libc.close(m.pidfd());
        }
        members.clear();
    }

    private void walk(List<Member> start) {
        Deque<Member> queue = new ArrayDeque<>(start);
        while (!queue.isEmpty()) {
            queue.addAll(pinChildren(queue.poll().pid()));
        }
    }

    private List<Member> pinChildren(int parent) {
        List<Member> pinned = new ArrayList<>();
        for (int child : proc.children(parent)) {
            Member m = pin(child, stat -> stat.ppid() == parent);
            if (m != null) {
                pinned.add(m);
            }
        }
        return pinned;
    }

    private Member pin(int pid, Predicate<ProcStat> expected) {
        if (!seen.add(pid)) {
            return null;
        }
        int pidfd = (int) Libc.syscall(Arch.SYS_PIDFD_OPEN, pid, 0);
        if (pidfd < 0) {
            return null; // gone already
        }
        ProcStat stat = proc.stat(pid).orElse(null);
        if (stat == null || stat.isDead() || !expected.test(stat)) {
            Libc.close(pidfd);
            return null;
        }
        Member m = new Member(pid, pidfd, stat.pgrp());
        members.add(m);
        return m;
    }
}

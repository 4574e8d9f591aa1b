package dev.hsu.macos.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A snapshot of processes taken <em>before</em> signalling anything, while descendants are still
 * linked to their parents: each member with its group and start time, zombies left out.
 *
 * <p>Platform note: macOS has no pidfd. A member is signalled by pid only after checking that the
 * pid still has the start time of the snapshot; the pid could still be recycled between that check
 * and {@code kill}, a window of microseconds against pids that macOS hands out in increasing order
 * (up to 99999 before wrapping).
 */
final class ProcessTree {

    /**
     * @param pid the process id
     * @param pgid its process group
     * @param startMicros its start time, microseconds since the epoch
     */
    record Member(int pid, int pgid, long startMicros) {
    }

    private ProcessTree() {
    }

    /** The descendants of {@code root} (not root itself), by parent links. */
    static List<Member> descendants(ProcInfo proc, int root) {
        List<Member> out = new ArrayList<>();
        walk(proc, List.of(root), new HashSet<>(Set.of(root)), out);
        return out;
    }

    /** The live members of group {@code pgid} and their descendants. */
    static List<Member> groupAndDescendants(ProcInfo proc, int pgid) {
        List<Member> members = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int pid : proc.groupMembers(pgid)) {
            Member m = member(proc, pid, -1);
            if (m != null && m.pgid() == pgid && seen.add(pid)) {
                members.add(m);
            }
        }
        List<Member> out = new ArrayList<>(members);
        walk(proc, members.stream().map(Member::pid).toList(), seen, out);
        return out;
    }

    /** True if {@code m}'s pid still belongs to the process of the snapshot, alive. */
    static boolean stillSame(ProcInfo proc, Member m) {
        return proc.bsd(m.pid()).map(info -> info.startMicros() == m.startMicros() && !info.isZombie()).orElse(false);
    }

    private static void walk(ProcInfo proc, List<Integer> start, Set<Integer> seen, List<Member> out) {
        Deque<Integer> queue = new ArrayDeque<>(start);
        while (!queue.isEmpty()) {
            int parent = queue.poll();
            for (int child : proc.children(parent)) {
                if (!seen.add(child)) {
                    continue;
                }
                Member m = member(proc, child, parent);
                if (m != null) {
                    out.add(m);
                    queue.add(child);
                }
            }
        }
    }

    /** @param parent the expected parent, or -1 for any */
    private static Member member(ProcInfo proc, int pid, int parent) {
        return proc.bsd(pid)
                .filter(info -> !info.isZombie() && (parent < 0 || info.pbi_ppid == parent))
                .map(info -> new Member(pid, info.pbi_pgid, info.startMicros()))
                .orElse(null);
    }
}

package dev.hsu.macos.internal;

import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.Signal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Signals by process group and parent links: a launched process leads its own group (pgid = pid),
 * so {@code kill(-pgid)} reaches every member; descendants that left the group are found through
 * {@code proc_listpids(PROC_PPID_ONLY)} in a {@link ProcessTree} snapshot taken before anything is
 * signalled, and each is signalled by pid after a start-time check.
 *
 * <p>Reach: a descendant that left the group <em>and</em> whose parent chain is broken (a
 * double-forked daemon) cannot be found; {@code treeKill} is false for that reason.
 *
 * <p>Identity: the main process is signalled by pid only while it is not reaped
 * ({@link MacProcess#kill} takes the reap lock); after the reap, its group number is used only if
 * no other process has since become leader of a group with that number.
 *
 * <p>Thread-safety: stateless; safe from any thread. Ended processes are not an error.
 */
final class MacProcessSignaller implements ProcessSignaller {
    private final MacLibc libc;
    private final ProcInfo proc;

    MacProcessSignaller(MacLibc libc, ProcInfo proc) {
        this.libc = libc;
        this.proc = proc;
    }

    @Override
    public void signal(LaunchedProcess process, Signal signal) {
        MacProcess p = own(process);
        int errno = p.kill(MacSignals.number(signal), false);
        if (errno != 0 && errno != Errno.ESRCH) {
            throw new IllegalStateException("cannot send " + signal.signalName() + " to " + p + ": " + Errno.describe(errno));
        }
    }

    @Override
    public void signalTree(LaunchedProcess process, Signal signal) {
        deliver(own(process), MacSignals.number(signal));
    }

    @Override
    public int killTree(LaunchedProcess process) {
        return deliver(own(process), MacSignals.SIGKILL);
    }

    /** @return how many processes were sent the signal */
    private int deliver(MacProcess main, int signal) {
        int pgid = (int) main.pid();
        if (!main.isReaped()) {
            List<ProcessTree.Member> tree = ProcessTree.descendants(proc, pgid);
            if (!main.isReaped()) {
                boolean groupReached = main.kill(signal, true) == 0;
                Set<Integer> signalled = new HashSet<>();
                if (groupReached) {
                    signalled.add(pgid);
                }
                for (ProcessTree.Member m : tree) {
                    if ((groupReached && m.pgid() == pgid) || signalOne(m, signal)) {
                        signalled.add(m.pid());
                    }
                }
                if (groupReached) {
                    return signalled.size();
                }
            }
        }
        return deliverToLeftovers(pgid, signal);
    }

    /** The main process is reaped: its group may outlive it. */
    private int deliverToLeftovers(int pgid, int signal) {
        if (!groupStillOurs(pgid) || libc.kill(-pgid, 0) != 0) {
            return 0; // nothing left, or the number now leads someone else's group
        }
        // Counted only when seen alive: zombies keep a group "non-empty" for kill(2).
        List<ProcessTree.Member> members = ProcessTree.groupAndDescendants(proc, pgid);
        boolean groupReached = groupStillOurs(pgid) && libc.kill(-pgid, signal) == 0;
        int count = 0;
        for (ProcessTree.Member m : members) {
            if ((groupReached && m.pgid() == pgid) || (m.pgid() != pgid && signalOne(m, signal))) {
                count++;
            }
        }
        return count;
    }

    private boolean signalOne(ProcessTree.Member m, int signal) {
        return ProcessTree.stillSame(proc, m) && libc.kill(m.pid(), signal) == 0;
    }

    /** After the leader's reap, group {@code pgid} is ours unless a new process with that pid leads its own group. */
    private boolean groupStillOurs(int pgid) {
        return proc.bsd(pgid).map(info -> info.pbi_pgid != pgid).orElse(true);
    }

    private static MacProcess own(LaunchedProcess process) {
        if (process instanceof MacProcess p) {
            return p;
        }
        throw new IllegalArgumentException("process " + process.pid() + " was not started by the macOS adapter's "
                + "launcher; only processes it started can be signalled");
    }
}

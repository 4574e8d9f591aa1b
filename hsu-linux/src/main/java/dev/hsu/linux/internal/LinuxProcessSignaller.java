package dev.hsu.linux.internal;

import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.Signal;
import java.util.HashSet;
import java.util.Set;

/**
 * Signals by process group and parent links: a launched process leads its own group (pgid =
 * pid), so {@code kill(-pgid)} reaches every member; descendants that left the group
 * ({@code setsid}, {@code setpgid}) are found through {@code /proc/<pid>/task/<tid>/children}
 * and signalled through pidfds.
 *
 * <p>Reach: a descendant that left the group <em>and</em> whose parent chain to the unit is
 * broken (a double-forked daemon whose intermediate parent exited) is reparented to init and
 * cannot be found this way; {@link dev.hsu.spi.PlatformCapabilities#treeKill()} is false for that
 * reason. Extension point: with a cgroup (later issue), {@code killTree} writes {@code 1} to the
 * cgroup's {@code cgroup.kill} (or signals every pid of {@code cgroup.procs}) in addition to the
 * group kill below; the confinement will carry the cgroup.
 *
 * <p>Identity: the main process is signalled by pid only while it is not reaped (a zombie keeps
 * its pid; {@link LinuxProcess#kill} takes the reap lock); after the reap, its group id is used
 * only if no other process has since become leader of a group with that number.
 *
 * <p>Thread-safety: stateless apart from the proc root; safe from any thread. Already-ended
 * processes are not an error.
 */
final class LinuxProcessSignaller implements ProcessSignaller {

    private final ProcFs proc;

    LinuxProcessSignaller(ProcFs proc) {
        this.proc = proc;
    }

    @Override
    public void signal(LaunchedProcess process, Signal signal) {
        LinuxProcess p = own(process);
        int errno = p.kill(LinuxSignals.number(signal), false);
        if (errno != 0 && errno != Errno.ESRCH) {
            throw new IllegalStateException("cannot send " + signal.signalName() + " to " + p + ": "
                    + Errno.describe(errno));
        }
    }

    @Override
    public void signalTree(LaunchedProcess process, Signal signal) {
        deliver(own(process), LinuxSignals.number(signal));
    }

    @Override
    public int killTree(LaunchedProcess process) {
        return deliver(own(process), LinuxSignals.SIGKILL);
    }

    /** @return how many processes were sent the signal */
    private int deliver(LinuxProcess main, int signal) {
        int pgid = (int) main.pid();
        Set<Integer> signalled = new HashSet<>();
        if (!main.isReaped()) {
            ProcessTree tree = ProcessTree.descendantsOf(proc, main);
            if (tree != null) {
                try (tree) {
                    boolean groupReached = main.kill(signal, true) == 0;
                    if (groupReached) {
                        signalled.add(pgid);
                    }
                    for (ProcessTree.Member m : tree.members()) {
                        boolean inGroup = groupReached && m.pgrp() == pgid;
                        if (inGroup || tree.signal(signal, x -> x == m) == 1) {
                            signalled.add(m.pid());
                        }
                    }
                    if (groupReached) {
                        return signalled.size();
                    }
                }
            }
        }
        // The main process is reaped: its group may outlive it (children still running).
        signalled.addAll(deliverToLeftovers(pgid, signal));
        return signalled.size();
    }

    private Set<Integer> deliverToLeftovers(int pgid, int signal) {
        Set<Integer> signalled = new HashSet<>();
        if (!groupStillOurs(pgid) || Libc.kill(-pgid, 0) != 0) {
            return signalled; // nothing left, or the number now belongs to someone else's group
        }
        // Members are counted only when seen alive: zombies (orphans that init has not reaped yet)
        // keep a group "non-empty" for kill(2), but there is nothing left to end in them.
        try (ProcessTree tree = ProcessTree.groupAndDescendants(proc, pgid)) {
            boolean groupReached = groupStillOurs(pgid) && Libc.kill(-pgid, signal) == 0;
            for (ProcessTree.Member m : tree.members()) {
                boolean inGroup = groupReached && m.pgrp() == pgid;
                if (inGroup || (m.pgrp() != pgid && tree.signal(signal, x -> x == m) == 1)) {
                    signalled.add(m.pid());
                }
            }
        }
        return signalled;
    }

    /**
     * After the leader's reap, group {@code pgid} is ours unless a new process got the pid and
     * leads its own group with that number.
     */
    private boolean groupStillOurs(int pgid) {
        return proc.stat(pgid).map(stat -> stat.pgrp() != pgid).orElse(true);
    }

    private static LinuxProcess own(LaunchedProcess process) {
        if (process instanceof LinuxProcess p) {
            return p;
        }
        throw new IllegalArgumentException("process " + process.pid() + " was not started by the Linux adapter's "
                + "launcher; only processes it started can be signalled");
    }
}

package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.UnitCgroup;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ProcessSignaller;
import dev.hsu.spi.Signal;
import java.util.HashSet;
import java.util.Set;

/**
 * Signals by cgroup, process group and parent links. When the unit has a cgroup
 * ({@link LinuxConfinement#cgroup()}), {@code killTree} kills every member with the tree's
 * {@link dev.hsu.linux.internal.cgroup.KillMethod} ({@code cgroup.kill}, or freeze / kill / thaw),
 * which no descendant escapes, double-forked daemons included; {@code signalTree} sends the signal
 * to every member through a pidfd after checking its membership. In addition, and as the only
 * means without a cgroup: a launched process leads its own group (pgid = pid), so
 * {@code kill(-pgid)} reaches every member; descendants that left the group ({@code setsid},
 * {@code setpgid}) are found through {@code /proc/<pid>/task/<tid>/children} and signalled
 * through pidfds. (The group kill also reaches the trampoline of a unit that has not joined its
 * cgroup yet.)
 *
 * <p>Reach without a cgroup: a descendant that left the group <em>and</em> whose parent chain to
 * the unit is broken (a double-forked daemon whose intermediate parent exited) is reparented to
 * init and cannot be found; {@link dev.hsu.spi.PlatformCapabilities#treeKill()} is then false.
 *
 * <p>Identity: the main process is signalled by pid only while it is not reaped (a zombie keeps
 * its pid; {@link LinuxProcess#kill} takes the reap lock); after the reap, its group id is used
 * only if no other process has since become leader of a group with that number.
 *
 * <p>Thread-safety: stateless apart from the proc root; safe from any thread. Already-ended
 * processes are not an error.
 */
final class LinuxProcessSignaller implements ProcessSignaller {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LinuxProcessSignaller.class);

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
        LinuxProcess p = own(process);
        int number = LinuxSignals.number(signal);
        UnitCgroup cgroup = cgroupOf(p);
        if (cgroup != null && cgroup.signalAll(number, PidfdSignaller.INSTANCE).contains((int) p.pid())) {
            // Every process of the unit is in its cgroup once the main one is: each got it exactly once.
            return;
        }
        deliver(p, number); // no cgroup, or the trampoline has not joined it yet
    }

    @Override
    public int killTree(LaunchedProcess process) {
        LinuxProcess p = own(process);
        Set<Integer> killed = new HashSet<>();
        UnitCgroup cgroup = cgroupOf(p);
        if (cgroup != null) {
            try {
                killed.addAll(cgroup.killAll(PidfdSignaller.INSTANCE));
            } catch (RuntimeException e) {
                LOG.warn("{}: the cgroup kill failed ({}); killing its process group and descendants", p,
                        e.getMessage());
            }
        }
        killed.addAll(deliver(p, LinuxSignals.SIGKILL));
        return killed.size();
    }

    private static UnitCgroup cgroupOf(LinuxProcess p) {
        return p.confinement() instanceof LinuxConfinement c ? c.cgroup() : null;
    }

    /** @return the processes that were sent the signal */
    private Set<Integer> deliver(LinuxProcess main, int signal) {
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
                        return signalled;
                    }
                }
            }
        }
        // The main process is reaped: its group may outlive it (children still running).
        signalled.addAll(deliverToLeftovers(pgid, signal));
        return signalled;
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

package dev.hsu.linux.internal.cgroup;

import java.util.function.IntPredicate;

/**
 * Sends a signal to a process found in a cgroup's member list without the risk of hitting an
 * unrelated process that got the same pid after the member exited: the implementation pins the
 * pid (a pidfd), checks it is still a member, and signals through the pin.
 *
 * <p>Thread-safety: implementations are safe from any thread.
 */
@FunctionalInterface
public interface PidSignaller {

    /**
     * @param member checks, after the pin, that the pid still belongs to the cgroup
     * @return true if the signal was sent
     */
    boolean signal(int pid, int signal, IntPredicate member);
}

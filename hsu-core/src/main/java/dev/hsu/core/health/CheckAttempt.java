package dev.hsu.core.health;

/**
 * One attempt of a check, bounded by the check's timeout (a timeout is a failed result, not an
 * exception). Blocks: call it on a virtual thread.
 */
@FunctionalInterface
public interface CheckAttempt {

    /**
     * @throws InterruptedException if the thread was interrupted (the probe was cancelled)
     */
    CheckResult run() throws InterruptedException;
}

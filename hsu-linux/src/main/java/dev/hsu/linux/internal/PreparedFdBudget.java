package dev.hsu.linux.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How many file descriptors launches prepared ahead of their start (armed restarts) may hold.
 * Their capture pipes stay open until an exit that may never come, and a start must never fail
 * with EMFILE because optional restarts hold the descriptors it needs: 2600 units under a
 * 20000-fd limit left 258 of them {@code FAILED} ("cannot create an output pipe: Too many open
 * files") while the prepared restarts of the others held four pipe ends each.
 *
 * <p>Two rules, both against the master's soft {@code RLIMIT_NOFILE}:
 * <ul>
 *   <li>prepared launches' pipes hold at most a quarter of it ({@link #reserve}), and the
 *       {@code tasks} files they hold ahead another quarter ({@link #share}, counted by
 *       {@link ThreadCgroupSwitch#openAhead});</li>
 *   <li>no launch is prepared once the master's descriptor numbers reach half of it
 *       ({@link #crowded}): the kernel hands out the lowest free number, so a new descriptor
 *       numbered {@code n} means that {@code n} descriptors are open.</li>
 * </ul>
 * A launch that is not prepared still restarts its unit, by the usual path.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class PreparedFdBudget {
    /** Prepared launches hold at most 1/SHARE of the limit. */
    static final long SHARE = 4;

    private final LongSupplier limit;
    private final AtomicLong held = new AtomicLong();

    /** @param limit the master's soft open-file limit now; 0 when unknown (no rule applies then) */
    PreparedFdBudget(LongSupplier limit) {
        this.limit = limit;
    }

    /** The descriptors one kind of held file may number: a quarter of the limit; 0 when unknown. */
    long share() {
        return limit.getAsLong() / SHARE;
    }

    /** Reserves {@code n} descriptors for a prepared launch; false (nothing reserved) past the budget. */
    boolean reserve(int n) {
        long max = share();
        if (held.addAndGet(n) > max && max > 0) {
            held.addAndGet(-n);
            return false;
        }
        return true;
    }

    /** Gives back what {@link #reserve} took, when the prepared launch is started or closed. */
    void release(int n) {
        held.addAndGet(-n);
    }

    /** Whether a new descriptor numbered {@code fd} says the master's table is too full to prepare launches. */
    boolean crowded(int fd) {
        long l = limit.getAsLong();
        return l > 0 && fd >= l / 2;
    }

    /** Descriptors reserved now (for tests). */
    long held() {
        return held.get();
    }
}

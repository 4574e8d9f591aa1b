package dev.hsu.app.control;

import dev.hsu.core.Master;
import dev.hsu.core.UnknownUnitException;
import dev.hsu.spi.ResourceUsage;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Usage of units' process trees for {@code hsu status}, {@code describe} and the metrics, sampled
 * on demand through {@link Master#usage} (the platform's ResourceMeter: cgroup files on Linux) and
 * kept for {@link #MAX_AGE_NANOS}, so a status and a scrape close together, or many clients at
 * once, cost one sample per unit. No timer and no thread: an idle master samples nothing.
 *
 * <p>CPU percent: the CPU time used between this sample and the previous one of the same process,
 * over the wall time between them, when the previous one is at least {@link #MIN_INTERVAL_NANOS}
 * old; otherwise (the first look at a process) the average since it started. 100 means one core.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class UsageSampler {
    /** How long a sample is served again, 1 s. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;
    /** The shortest interval a CPU rate is computed over, 0.5 s. */
    static final long MIN_INTERVAL_NANOS = 500_000_000L;

    /**
     * One unit's usage.
     *
     * @param usage the platform's sample
     * @param cpuPercent CPU use in percent of one core (see the class comment); -1 when unknown
     */
    public record Sample(ResourceUsage usage, double cpuPercent) {
    }

    private record Entry(long pid, long atNanos, ResourceUsage usage, double cpuPercent, long rateBaseNanos,
                         long rateBaseCpu) {
    }

    private final Master master;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public UsageSampler(Master master) {
        this(master, System::nanoTime);
    }

    UsageSampler(Master master, LongSupplier nanoTime) {
        this.master = Objects.requireNonNull(master, "master");
        this.nanoTime = nanoTime;
    }

    /**
     * The usage of one instance (a unit or a replica, not a pool) whose main process is {@code pid}.
     *
     * @param uptimeNanos how long that process has run, for the first CPU average
     * @return null when it has no process (pid below 0) or the unit is gone
     */
    public Sample sample(String instance, long pid, long uptimeNanos) {
        if (pid < 0) {
            cache.remove(instance);
            return null;
        }
        long now = nanoTime.getAsLong();
        Entry known = cache.get(instance);
        if (known != null && known.pid() == pid && now - known.atNanos() < MAX_AGE_NANOS) {
            return new Sample(known.usage(), known.cpuPercent());
        }
        ResourceUsage u;
        try {
            u = master.usage(instance);
        } catch (UnknownUnitException e) {
            cache.remove(instance);
            return null;
        }
        double percent = -1;
        long baseNanos = now;
        long baseCpu = u.cpuTimeNanos();
        if (u.cpuTimeNanos() >= 0) {
            if (known != null && known.pid() == pid && known.rateBaseCpu() >= 0
                    && now - known.rateBaseNanos() >= MIN_INTERVAL_NANOS) {
                percent = 100.0 * (u.cpuTimeNanos() - known.rateBaseCpu()) / (now - known.rateBaseNanos());
            } else if (known != null && known.pid() == pid && known.rateBaseCpu() >= 0) {
                // Too close to the previous sample for a rate: keep its rate and its base.
                percent = known.cpuPercent();
                baseNanos = known.rateBaseNanos();
                baseCpu = known.rateBaseCpu();
            } else if (uptimeNanos > 0) {
                percent = 100.0 * u.cpuTimeNanos() / uptimeNanos;
            }
        }
        cache.put(instance, new Entry(pid, now, u, percent, baseNanos, baseCpu));
        return new Sample(u, percent < 0 ? -1 : percent);
    }

    /** Forgets instances that are no longer registered (called by the metrics after a full pass). */
    public void retain(java.util.Set<String> instances) {
        cache.keySet().retainAll(instances);
    }
}

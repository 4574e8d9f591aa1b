package dev.hsu.app.ops;

import dev.hsu.core.Master;
import dev.hsu.core.RestartSeries;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.Secrets;
import dev.hsu.spi.AdoptionRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code units.json} up to date while the master runs, so that a master that dies without
 * a word (crash, SIGKILL) leaves the next one what it needs: each unit's desired state, the
 * processes still running, and where each restart series stood. A burst of events (hundreds of
 * units starting) is written once: a write is scheduled {@value #DEBOUNCE_MILLIS} ms after the
 * first event that follows the last write.
 *
 * <p>At shutdown the session {@link #freeze()}s it (the stops of a shutdown are not a user's
 * wish), then either {@link #clear()}s the file (every unit stopped: nothing to restore) or
 * writes the kept processes ({@link #writeKept()}).
 *
 * <p>Thread-safety: events arrive on units' event threads; writes are serialized.
 */
public final class StatePersister implements Consumer<UnitEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(StatePersister.class);
    static final long DEBOUNCE_MILLIS = 50;

    private final Master master;
    private final StateFile file;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor later = CompletableFuture.delayedExecutor(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
    private final Object writeLock = new Object();
    private volatile boolean frozen;
    private volatile Map<String, UnitsState.Desired> frozenDesired;
    /**
     * Fingerprint per unit definition object (a reload registers a new one): each write asks for
     * every unit's, and a SHA-256 of the whole definition 500 times per write was most of the
     * cost of the writes during a 500-unit start-up.
     */
    private final Map<ManagedUnit, String> fingerprints = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    public StatePersister(Master master, StateFile file) {
        this.master = master;
        this.file = file;
    }

    @Override
    public void accept(UnitEvent event) {
        if (frozen || !(event instanceof UnitEvent.StateChanged || event instanceof UnitEvent.ProcessStarted
                || event instanceof UnitEvent.ProcessExited || event instanceof UnitEvent.SchedulePaused)) {
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            later.execute(() -> {
                scheduled.set(false);
                if (!frozen) {
                    writeNow();
                }
            });
        }
    }

    /** Writes the state now (also after the start-up adoption, before any event). */
    public void writeNow() {
        synchronized (writeLock) {
            try {
                file.write(snapshot(null));
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not save the unit state to {}: {}; a master started after a crash of this one "
                        + "would not find its units", file.path(), e.getMessage());
            }
        }
    }

    /** Stops writing on events and keeps the desired states as they are now, before a shutdown's stops. */
    public void freeze() {
        Map<String, UnitsState.Desired> desired = new LinkedHashMap<>();
        for (UnitStatus s : master.statuses()) {
            desired.put(s.name(), desired(s));
        }
        synchronized (writeLock) {
            frozenDesired = desired;
            frozen = true;
        }
    }

    /** After a keep-units shutdown: the desired states of before it, with the processes left running. */
    public void writeKept() throws IOException {
        synchronized (writeLock) {
            file.write(snapshot(frozenDesired));
        }
    }

    /** After a shutdown that stopped every unit: nothing for a next master to restore. */
    public void clear() {
        synchronized (writeLock) {
            try {
                file.delete();
            } catch (IOException e) {
                LOG.warn("could not remove the unit state {}: {}", file.path(), e.getMessage());
            }
        }
    }

    private UnitsState snapshot(Map<String, UnitsState.Desired> desiredOverride) {
        Map<String, AdoptionRecord> records = master.adoptionRecords();
        Map<String, RestartSeries> series = master.restartSeries();
        Map<String, UnitsState.Unit> units = new LinkedHashMap<>();
        for (UnitStatus s : master.statuses()) {
            Map<String, AdoptionRecord> processes = byInstance(s, records);
            Map<String, RestartSeries> restarts = byInstance(s, series);
            UnitsState.Desired desired = desiredOverride != null
                    ? desiredOverride.getOrDefault(s.name(), UnitsState.Desired.AUTO) : desired(s);
            String definition = master.unit(s.name()).map(this::cachedFingerprint).orElse("");
            units.put(s.name(), new UnitsState.Unit(desired, definition, processes, restarts));
        }
        return new UnitsState(ProcessHandle.current().pid(), units);
    }

    /** The entries of {@code all} (by instance name) for the unit, or for each replica of the pool, {@code s}. */
    private static <T> Map<String, T> byInstance(UnitStatus s, Map<String, T> all) {
        if (all.isEmpty()) {
            return Map.of();
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (UnitStatus instance : s.replicas().isEmpty() ? List.of(s) : s.replicas()) {
            T t = all.get(instance.name());
            if (t != null) {
                out.put(instance.name(), t);
            }
        }
        return out;
    }

    static UnitsState.Desired desired(UnitStatus s) {
        UnitState state = s.state();
        if (s.schedule() != null) {
            // A scheduled unit that is not running waits for its next firing (a completed run does
            // not disarm its schedule: COMPLETED would keep the next master from ever arming it
            // again), unless a user's stop paused its schedule.
            if (state.isActive() || state == UnitState.BACKOFF || state == UnitState.WAITING) {
                return UnitsState.Desired.RUNNING;
            }
            return s.schedule().paused() ? UnitsState.Desired.STOPPED : UnitsState.Desired.AUTO;
        }
        return switch (state) {
            case RUNNING, STARTING, BACKOFF, WAITING -> UnitsState.Desired.RUNNING;
            case STOPPING, STOPPED -> UnitsState.Desired.STOPPED;
            case EXITED -> UnitsState.Desired.COMPLETED;
            case REGISTERED, FAILED, BLOCKED -> UnitsState.Desired.AUTO;
        };
    }

    private String cachedFingerprint(ManagedUnit unit) {
        return fingerprints.computeIfAbsent(unit, StatePersister::fingerprint);
    }

    /**
     * A short digest (96 bits of SHA-256, in hex) of everything the unit's definition says,
     * secrets included. {@code toString} masks the variables of {@code env_file}s and redacts
     * their values wherever they appear, so a changed secret would leave it unchanged and a
     * re-adopted process would keep running with the old one; the secret variables and values are
     * therefore added to the digest, sorted. The digest lives in the state file, in the owner-only
     * state directory, whose owner can read the env files anyway. A unit without secrets has the
     * same digest as before secrets were included, so an upgrade restarts no such unit.
     */
    public static String fingerprint(ManagedUnit unit) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        digest.update(unit.toString().getBytes(StandardCharsets.UTF_8));
        Secrets secrets = unit.secrets();
        for (String key : new TreeSet<>(secrets.keys())) {
            String value = unit.environment().get(key);
            digest.update(("\0" + key + "=" + (value == null ? "" : value)).getBytes(StandardCharsets.UTF_8));
        }
        for (String value : new TreeSet<>(secrets.values())) {
            digest.update(("\0" + value).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 12);
    }
}

package dev.hsu.app.control;

import dev.hsu.core.UnitEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The last {@link #PER_UNIT} events of every unit (and replica), for {@code hsu describe}: a
 * listener of the master's events. Memory is bounded per unit; a unit's history goes with the
 * master.
 *
 * <p>The events are kept as they came (records: a timestamp, enums and the strings they already
 * hold) and described as JSON objects only when asked for: a map per kept event was ~0.5 KB, and
 * a unit that has restarted a few times keeps all {@value #PER_UNIT}.
 *
 * <p>Thread-safety: thread-safe; events of one unit arrive in order.
 */
public final class EventHistory implements Consumer<UnitEvent> {
    /** Events kept per unit. */
    public static final int PER_UNIT = 20;

    private final Map<String, Deque<UnitEvent>> byUnit = new ConcurrentHashMap<>();

    @Override
    public void accept(UnitEvent event) {
        Deque<UnitEvent> d = byUnit.computeIfAbsent(event.unit(), k -> new ArrayDeque<>(PER_UNIT));
        synchronized (d) {
            if (d.size() == PER_UNIT) {
                d.removeFirst();
            }
            d.addLast(event);
        }
    }

    /** The unit's recent events, oldest first, as JSON objects {@code {at, event, ...}}. */
    public List<Map<String, Object>> recent(String unit) {
        Deque<UnitEvent> d = byUnit.get(unit);
        if (d == null) {
            return List.of();
        }
        List<UnitEvent> events;
        synchronized (d) {
            events = new ArrayList<>(d);
        }
        List<Map<String, Object>> out = new ArrayList<>(events.size());
        for (UnitEvent e : events) {
            out.add(describe(e));
        }
        return out;
    }

    /**
     * Sorts events as {@link #recent} gives them (of several units, e.g. a pool's replicas) oldest
     * first, by their time, not by its text: {@code Instant.toString} leaves out a zero fraction,
     * so {@code ...:18Z} sorts after {@code ...:18.002Z} as text. Stable: events of one
     * millisecond keep their order.
     */
    static void sortOldestFirst(List<Map<String, Object>> events) {
        events.sort(java.util.Comparator.comparing(e -> Instant.parse((String) e.get("at"))));
    }

    static Map<String, Object> describe(UnitEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", iso(event.at()));
        switch (event) {
            case UnitEvent.StateChanged c -> {
                m.put("event", "state");
                m.put("from", c.from().name());
                m.put("to", c.to().name());
                m.put("detail", c.reason());
            }
            case UnitEvent.ProcessStarted s -> {
                m.put("event", "started");
                m.put("detail", "pid " + s.pid());
            }
            case UnitEvent.ProcessExited x -> {
                m.put("event", "exited");
                m.put("detail", "pid " + x.pid() + ": " + x.cause().describe() + " after " + x.ranFor().toMillis()
                        + " ms");
            }
            case UnitEvent.RestartScheduled r -> {
                m.put("event", "restart");
                m.put("detail", "attempt " + r.attempt() + " in " + r.delay().toMillis() + " ms");
            }
            case UnitEvent.HealthChanged h -> {
                m.put("event", "health");
                m.put("detail", h.check() + ": " + h.from().word() + " -> " + h.to().word() + " (" + h.detail() + ")");
            }
            case UnitEvent.ScheduleFired f -> {
                m.put("event", "schedule");
                m.put("detail", "fired for " + iso(f.scheduledFor()) + ": " + f.action().name().toLowerCase());
            }
            case UnitEvent.SchedulePaused p -> {
                m.put("event", "schedule");
                m.put("detail", p.paused() ? "paused" : "armed again");
            }
            case UnitEvent.ScheduleMissed s -> {
                m.put("event", "schedule");
                m.put("detail", "missed " + s.count() + " firing(s) from " + iso(s.first()) + " to " + iso(s.last())
                        + (s.catchingUp() ? ", catching up" : ""));
            }
        }
        return m;
    }

    private static String iso(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}

package dev.hsu.app.cli;

import dev.hsu.app.config.Durations;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Prints unit events as one line each, e.g.
 * <pre>
 * 12:00:01.234 web        RUNNING   pid 4242
 * 12:00:03.001 job        exited    pid 4250: exit code 1 after 1.2s
 * 12:00:03.001 job        restart   attempt 1 in 1s
 * 12:00:03.002 job        BACKOFF   exit code 1; restart 1 in 1s
 * 12:00:04.100 api        health    healthy (health_check: HTTP 200)
 * 12:00:05.000 nightly    schedule  fired for 12:00:05: started
 * </pre>
 * States are upper case, other events lower case. {@link UnitEvent.ProcessStarted} prints nothing
 * of its own: its pid shows on the {@code RUNNING} line that follows it.
 *
 * <p>Thread-safety: events of different units may arrive concurrently.
 */
final class EventPrinter implements Consumer<UnitEvent> {
    private final ConsoleWriter console;
    private final Timestamps time;
    private final int nameWidth;
    private final Map<String, Long> pids = new ConcurrentHashMap<>();

    EventPrinter(ConsoleWriter console, Timestamps time, int nameWidth) {
        this.console = console;
        this.time = time;
        this.nameWidth = nameWidth;
    }

    @Override
    public void accept(UnitEvent event) {
        String text = format(event);
        if (text != null) {
            console.out(time.format(event.at()) + " " + UnitOutputPrinter.pad(event.unit(), nameWidth) + " " + text);
        }
    }

    /** The part after the time and unit name; null for events that print nothing. */
    String format(UnitEvent event) {
        return switch (event) {
            case UnitEvent.ProcessStarted s -> {
                pids.put(s.unit(), s.pid());
                yield null;
            }
            case UnitEvent.StateChanged c -> {
                Long pid = c.to() == UnitState.RUNNING ? pids.get(c.unit()) : null;
                String detail = pid != null ? "pid " + pid + (c.reason() != null ? " (" + c.reason() + ")" : "")
                        : c.reason() != null ? c.reason() : "";
                yield column(c.to().name()) + detail;
            }
            case UnitEvent.ProcessExited x ->
                    column("exited") + "pid " + x.pid() + ": " + x.cause().describe() + " after "
                            + Durations.format(x.ranFor().withNanos(x.ranFor().toMillisPart() * 1_000_000));
            case UnitEvent.RestartScheduled r ->
                    column("restart") + "attempt " + r.attempt() + " in " + Durations.format(r.delay());
            case UnitEvent.HealthChanged h ->
                    column("health") + h.to().word() + " (" + h.check() + ": " + h.detail() + ")";
            case UnitEvent.ScheduleFired f ->
                    column("schedule") + "fired for " + time.format(f.scheduledFor()) + ": " + fired(f.action());
            case UnitEvent.SchedulePaused p -> column("schedule") + (p.paused()
                    ? "paused: no firing runs it until a start" : "armed again: the next firing runs it");
            case UnitEvent.ScheduleMissed m ->
                    column("schedule") + "missed " + m.count() + " firing" + (m.count() == 1 ? "" : "s")
                            + " while the master was down (" + (m.count() == 1 ? time.format(m.first())
                            : "from " + time.format(m.first()) + " to " + time.format(m.last())) + ")"
                            + (m.catchingUp() ? "; catching up with one run now" : "; catch_up is off");
        };
    }

    private static String fired(UnitEvent.ScheduleFired.Action a) {
        return switch (a) {
            case STARTED -> "started";
            case SKIPPED -> "skipped, the previous run is still going (overlap: skip)";
            case QUEUED -> "queued after the run still going (overlap: queue)";
            case REPLACED -> "replacing the run still going (overlap: replace)";
            case CAUGHT_UP -> "started to catch up";
        };
    }

    private static String column(String word) {
        return UnitOutputPrinter.pad(word, 9) + " ";
    }
}

package dev.hsu.core.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed cron expression in a time zone: standard 5 fields (minute hour day-of-month month
 * day-of-week, as crontab(5): ranges, lists, steps, names like {@code MON} and {@code JAN}, 0 or
 * 7 for Sunday), or 6 with a seconds field first. Parsing and firing times come from
 * <a href="https://github.com/jmrozanec/cron-utils">cron-utils</a>.
 *
 * <p>Immutable and thread-safe.
 */
public final class CronExpression {
    private static final CronParser FIVE_FIELDS = new CronParser(definition(false));
    private static final CronParser SIX_FIELDS = new CronParser(definition(true));

    private final String text;
    private final ZoneId zone;
    private final ExecutionTime times;

    private CronExpression(String text, ZoneId zone, ExecutionTime times) {
        this.text = text;
        this.zone = zone;
        this.times = times;
    }

    /**
     * @throws IllegalArgumentException if the expression is not valid; the message says what is
     *     wrong with it, for people
     */
    public static CronExpression parse(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        String text = expression.trim();
        int fields = text.isEmpty() ? 0 : text.split("\\s+").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("'" + expression + "' has " + fields + " field"
                    + (fields == 1 ? "" : "s") + "; give 5 (minute hour day-of-month month day-of-week) or 6"
                    + " (seconds first), e.g. '0 3 * * *'");
        }
        Cron cron;
        try {
            cron = (fields == 5 ? FIVE_FIELDS : SIX_FIELDS).parse(text).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a valid cron expression: "
                    + e.getMessage(), e);
        }
        return new CronExpression(text, zone, ExecutionTime.forCron(cron));
    }

    /** The first firing strictly after {@code after}; empty if it never fires again. Firings are whole seconds. */
    public Optional<Instant> next(Instant after) {
        // cron-utils keeps the fraction of a second of its input in what it returns: start from a whole second.
        ZonedDateTime from = ZonedDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.SECONDS);
        return times.nextExecution(from).map(t -> t.truncatedTo(ChronoUnit.SECONDS).toInstant())
                .filter(t -> t.isAfter(after));
    }

    /**
     * Firings in {@code (after, until]}, in order, at most {@code limit} of them (the first ones).
     */
    public List<Instant> between(Instant after, Instant until, int limit) {
        List<Instant> out = new ArrayList<>();
        Instant t = after;
        while (out.size() < limit) {
            Optional<Instant> n = next(t);
            if (n.isEmpty() || n.get().isAfter(until)) {
                break;
            }
            out.add(n.get());
            t = n.get();
        }
        return out;
    }

    /** How many firings fall in {@code (after, until]}, counting at most {@code cap}. */
    public int countBetween(Instant after, Instant until, int cap) {
        return between(after, until, cap).size();
    }

    public String text() {
        return text;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return text + " (" + zone + ")";
    }

    /** crontab(5) fields; with seconds, the same plus a seconds field first. */
    private static CronDefinition definition(boolean seconds) {
        CronDefinitionBuilder b = CronDefinitionBuilder.defineCron();
        if (seconds) {
            b = b.withSeconds().withValidRange(0, 59).withStrictRange().and();
        }
        return b.withMinutes().withValidRange(0, 59).withStrictRange().and()
                .withHours().withValidRange(0, 23).withStrictRange().and()
                .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
                .withMonth().withValidRange(1, 12).withStrictRange().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0)
                .withStrictRange().and()
                .instance();
    }
}

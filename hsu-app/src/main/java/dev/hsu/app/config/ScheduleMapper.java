package dev.hsu.app.config;

import dev.hsu.app.config.yaml.YamlScalar;
import dev.hsu.core.schedule.CronExpression;
import dev.hsu.core.unit.Schedule;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Maps {@code schedule:}: a cron string, or {@code {cron, timezone, overlap, catch_up}}. The time
 * zone defaults to the master's, overlap to skip, catch_up to false. The expression is parsed
 * here (by the core's {@link CronExpression}), so that an error points at it.
 */
final class ScheduleMapper {
    static final List<String> KEYS = List.of("cron", "timezone", "overlap", "catch_up");

    private ScheduleMapper() {
    }

    static Schedule map(Section unit) {
        if (unit.node("schedule") instanceof YamlScalar) {
            String cron = cron(unit, "schedule");
            return cron == null ? null : new Schedule(cron, ZoneId.systemDefault(), Schedule.Overlap.SKIP);
        }
        Section s = unit.section("schedule");
        if (s == null) {
            return null;
        }
        s.checkKeys(KEYS);
        String cron = cron(s, "cron");
        if (cron == null && !s.has("cron")) {
            s.scope().error(unit.at("schedule"), "schedule.cron", "is required, e.g. cron: \"0 3 * * *\"");
        }
        ZoneId zone = ZoneId.systemDefault();
        String tz = s.text("timezone");
        if (tz != null) {
            try {
                zone = ZoneId.of(tz);
            } catch (DateTimeException e) {
                s.error("timezone", "'" + tz + "' is not a time zone; use a region like Europe/Paris or an offset like +02:00");
            }
        }
        Schedule.Overlap overlap = s.choice("overlap", Arrays.asList(Schedule.Overlap.values()),
                o -> o.name().toLowerCase(Locale.ROOT));
        Boolean catchUp = s.bool("catch_up");
        return cron == null ? null : new Schedule(cron, zone, overlap == null ? Schedule.Overlap.SKIP : overlap,
                catchUp != null && catchUp);
    }

    private static String cron(Section s, String key) {
        String cron = s.text(key);
        if (cron == null) {
            return null;
        }
        String c = cron.trim();
        int fields = c.isEmpty() ? 0 : c.split("\\s+").length;
        if (fields != 5 && fields != 6) {
            s.error(key, "'" + cron + "' is not a cron expression: it needs 5 fields (minute hour day-of-month "
                    + "month day-of-week) or 6 with seconds first, e.g. \"*/5 * * * *\"");
            return null;
        }
        try {
            CronExpression.parse(c, ZoneId.of("UTC"));
        } catch (IllegalArgumentException e) {
            s.error(key, e.getMessage());
            return null;
        }
        return c;
    }
}

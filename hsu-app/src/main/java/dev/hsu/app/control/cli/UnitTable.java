package dev.hsu.app.control.cli;

import dev.hsu.app.control.UnitView;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders units as the aligned table of {@code hsu status}: a pool's replicas follow it, indented;
 * the NEXT RUN column (local time) appears when some unit has a schedule. Stateless.
 */
final class UnitTable {

    private static final String[] HEADERS = {"UNIT", "STATE", "HEALTH", "PID", "UPTIME", "RESTARTS", "CPU", "MEMORY",
        "LAST EXIT"};
    private static final DateTimeFormatter NEXT_RUN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private UnitTable() {
    }

    /** The table, header first, each line ending with a newline; times in the system's zone. */
    static String render(List<UnitView> units) {
        return render(units, ZoneId.systemDefault());
    }

    static String render(List<UnitView> units, ZoneId zone) {
        boolean scheduled = units.stream().anyMatch(u -> u.schedule() != null);
        List<String[]> rows = new ArrayList<>();
        rows.add(scheduled ? with(HEADERS, "NEXT RUN") : HEADERS);
        for (UnitView u : units) {
            rows.add(row(u, "", scheduled, zone));
            for (UnitView r : u.replicas()) {
                rows.add(row(r, "  ", scheduled, zone));
            }
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String[] row(UnitView u, String indent, boolean scheduled, ZoneId zone) {
        String[] cells = {
            indent + u.name(),
            u.state(),
            u.health() == null ? "-" : u.health(),
            u.pid() < 0 ? "-" : Long.toString(u.pid()),
            u.pid() < 0 ? "-" : uptime(u.uptimeMs()),
            Integer.toString(u.restarts()),
            cpu(u),
            memory(u),
            lastExit(u)};
        return scheduled ? with(cells, nextRun(u, zone)) : cells;
    }

    /** The last exit; for a scheduled unit that is not running, its last run's outcome. */
    private static String lastExit(UnitView u) {
        if (u.lastExit() != null) {
            return u.lastExit();
        }
        if (u.schedule() != null && u.schedule().lastRunExit() != null) {
            return u.schedule().lastRunExit();
        }
        return "-";
    }

    private static String nextRun(UnitView u, ZoneId zone) {
        if (u.schedule() != null && u.schedule().paused()) {
            return "paused";
        }
        if (u.schedule() == null || u.schedule().nextRun() == null) {
            return "-";
        }
        try {
            return NEXT_RUN.format(Instant.parse(u.schedule().nextRun()).atZone(zone));
        } catch (DateTimeParseException e) {
            return u.schedule().nextRun();
        }
    }

    private static String[] with(String[] cells, String last) {
        String[] out = java.util.Arrays.copyOf(cells, cells.length + 1);
        out[cells.length] = last;
        return out;
    }

    /** CPU use in percent of one core, e.g. {@code 0.3%}, {@code 112%}; {@code -} when unknown. */
    static String cpu(UnitView u) {
        if (u.usage() == null || u.usage().cpuPercent() == null) {
            return "-";
        }
        double p = u.usage().cpuPercent();
        return (p < 100 ? String.format(java.util.Locale.ROOT, "%.1f", p) : Long.toString(Math.round(p))) + "%";
    }

    /** Resident memory, e.g. {@code 812K}, {@code 12.4M}, {@code 1.3G}; {@code -} when unknown. */
    static String memory(UnitView u) {
        if (u.usage() == null || u.usage().memoryBytes() == null) {
            return "-";
        }
        return size(u.usage().memoryBytes());
    }

    /** Bytes in K/M/G/T (powers of 1024), one decimal below 10. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String units = "KMGTPE";
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length() - 1) {
            v /= 1024;
            i++;
        }
        return (v < 10 ? String.format(java.util.Locale.ROOT, "%.1f", v) : Long.toString(Math.round(v)))
                + units.charAt(i);
    }

    /** {@code 45s}, {@code 3m07s}, {@code 2h05m}, {@code 4d03h}. */
    static String uptime(long millis) {
        long s = millis / 1000;
        if (s < 60) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + "m" + String.format("%02d", s % 60) + "s";
        }
        long h = m / 60;
        if (h < 24) {
            return h + "h" + String.format("%02d", m % 60) + "m";
        }
        return h / 24 + "d" + String.format("%02d", h % 24) + "h";
    }
}

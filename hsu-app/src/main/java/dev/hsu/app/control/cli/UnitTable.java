package dev.hsu.app.control.cli;

import dev.hsu.app.control.UnitView;
import java.util.ArrayList;
import java.util.List;

/** Renders units as the aligned table of {@code hsu status}. Stateless. */
final class UnitTable {

    private static final String[] HEADERS = {"UNIT", "STATE", "PID", "UPTIME", "RESTARTS", "LAST EXIT"};

    private UnitTable() {
    }

    /** The table, header first, each line ending with a newline. */
    static String render(List<UnitView> units) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (UnitView u : units) {
            rows.add(new String[] {
                u.name(),
                u.state(),
                u.pid() < 0 ? "-" : Long.toString(u.pid()),
                u.pid() < 0 ? "-" : uptime(u.uptimeMs()),
                Integer.toString(u.restarts()),
                u.lastExit() == null ? "-" : u.lastExit()});
        }
        int[] widths = new int[HEADERS.length];
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

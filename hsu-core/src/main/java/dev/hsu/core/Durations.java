package dev.hsu.core;

import java.time.Duration;

/** Durations written the way the configuration accepts them: {@code 500ms}, {@code 1.5s}, {@code 2m30s}. */
final class Durations {
    private Durations() {
    }

    static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis == 0 && !d.isZero() ? d.toNanos() / 1000 + "µs" : millis + "ms";
        }
        if (millis < 60_000) {
            return millis % 1000 == 0 ? millis / 1000 + "s" : trim(millis / 1000.0) + "s";
        }
        long seconds = d.toSeconds();
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(m).append('m');
        }
        if (s > 0) {
            out.append(s).append('s');
        }
        return out.toString();
    }

    private static String trim(double seconds) {
        String text = String.format(java.util.Locale.ROOT, "%.3f", seconds);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}

package dev.hsu.app.cli;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Formats instants as local {@code HH:mm:ss.SSS} for console lines. Done by hand: loading
 * {@code DateTimeFormatter} costs tens of milliseconds at startup for a fixed pattern.
 *
 * <p>Thread-safe.
 */
final class Timestamps {
    private final ZoneId zone;

    Timestamps(ZoneId zone) {
        this.zone = zone;
    }

    String format(Instant at) {
        LocalTime t = LocalTime.ofInstant(at, zone);
        char[] c = new char[12];
        two(c, 0, t.getHour());
        c[2] = ':';
        two(c, 3, t.getMinute());
        c[5] = ':';
        two(c, 6, t.getSecond());
        c[8] = '.';
        int ms = t.getNano() / 1_000_000;
        c[9] = (char) ('0' + ms / 100);
        c[10] = (char) ('0' + ms / 10 % 10);
        c[11] = (char) ('0' + ms % 10);
        return new String(c);
    }

    private static void two(char[] c, int at, int v) {
        c[at] = (char) ('0' + v / 10);
        c[at + 1] = (char) ('0' + v % 10);
    }
}

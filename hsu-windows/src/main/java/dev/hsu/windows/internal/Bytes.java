package dev.hsu.windows.internal;

/** Byte counts for messages: {@code 64MiB}, {@code 1.5GiB}, {@code 512B}. */
final class Bytes {
    private Bytes() {
    }

    static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value == Math.rint(value) ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value))
                + units[unit];
    }
}

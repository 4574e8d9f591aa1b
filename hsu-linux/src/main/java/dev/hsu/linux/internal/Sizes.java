package dev.hsu.linux.internal;

/** Byte counts for people: {@code 64MiB}, {@code 1GiB}, {@code 1500 bytes}. */
final class Sizes {
    private Sizes() {
    }

    /** The largest binary unit that divides {@code bytes} exactly, else bytes. */
    static String format(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        String unit = null;
        long value = bytes;
        for (String u : units) {
            if (value != 0 && value % 1024 == 0) {
                value /= 1024;
                unit = u;
            } else {
                break;
            }
        }
        return unit == null ? bytes + " bytes" : value + unit;
    }
}

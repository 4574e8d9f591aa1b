package dev.hsu.linux.internal.cgroup;

/**
 * Parses the I/O byte counters of a unit cgroup, summed over devices.
 *
 * <p>Thread-safety: stateless.
 */
final class IoStat {
    private IoStat() {
    }

    /** v2 {@code io.stat}: {@code 8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0} per line. */
    static long[] v2(String text) {
        if (text == null) {
            return new long[] {-1, -1};
        }
        long read = 0;
        long written = 0;
        for (String line : text.split("\n")) {
            for (String field : line.trim().split("\\s+")) {
                if (field.startsWith("rbytes=")) {
                    read += parse(field.substring(7));
                } else if (field.startsWith("wbytes=")) {
                    written += parse(field.substring(7));
                }
            }
        }
        return new long[] {read, written};
    }

    /**
     * v1 {@code blkio.throttle.io_service_bytes_recursive}: {@code 8:0 Read 1}, {@code 8:0 Write 2},
     * ... per device, then a {@code Total} line (skipped).
     */
    static long[] v1(String text) {
        if (text == null) {
            return new long[] {-1, -1};
        }
        long read = 0;
        long written = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].indexOf(':') > 0) {
                if (f[1].equals("Read")) {
                    read += parse(f[2]);
                } else if (f[1].equals("Write")) {
                    written += parse(f[2]);
                }
            }
        }
        return new long[] {read, written};
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

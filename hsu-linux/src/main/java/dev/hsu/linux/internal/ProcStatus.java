package dev.hsu.linux.internal;

/**
 * The fields of {@code /proc/<pid>/status} the adapter uses. Memory values are converted from
 * the file's kB to bytes; a field the file lacks (kernel threads have no Vm* lines) is -1.
 *
 * @param rssBytes VmRSS, resident memory now
 * @param peakRssBytes VmHWM, the highest resident memory
 * @param threads Threads
 * @param effectiveCapabilities CapEff as a bit mask (bit n = capability n), 0 if absent
 */
record ProcStatus(long rssBytes, long peakRssBytes, long threads, long effectiveCapabilities) {

    static final int CAP_SYS_NICE = 23;
    static final int CAP_SYS_RESOURCE = 24;

    static ProcStatus parse(String text) {
        long rss = -1;
        long hwm = -1;
        long threads = -1;
        long capEff = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            switch (line.substring(0, colon)) {
                case "VmRSS" -> rss = kilobytes(value);
                case "VmHWM" -> hwm = kilobytes(value);
                case "Threads" -> threads = Long.parseLong(value);
                case "CapEff" -> capEff = Long.parseUnsignedLong(value, 16);
                default -> {
                }
            }
        }
        return new ProcStatus(rss, hwm, threads, capEff);
    }

    boolean hasCapability(int capability) {
        return (effectiveCapabilities & (1L << capability)) != 0;
    }

    private static long kilobytes(String value) {
        String number = value.endsWith("kB") ? value.substring(0, value.length() - 2).trim() : value;
        return Long.parseLong(number) * 1024;
    }
}

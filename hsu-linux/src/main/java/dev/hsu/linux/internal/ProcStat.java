package dev.hsu.linux.internal;

/**
 * The fields of {@code /proc/<pid>/stat} the adapter uses (see proc(5); field numbers 1-based).
 *
 * @param pid field 1
 * @param comm field 2, without the parentheses (may contain spaces and parentheses itself)
 * @param state field 3: R, S, D, Z (zombie), T, t, X, I
 * @param ppid field 4, the parent's pid
 * @param pgrp field 5, the process group id
 * @param utimeTicks field 14, user CPU time in clock ticks
 * @param stimeTicks field 15, system CPU time in clock ticks
 * @param cutimeTicks field 16, user CPU time of reaped children in clock ticks
 * @param cstimeTicks field 17, system CPU time of reaped children in clock ticks
 * @param nice field 19, the niceness, -20..19
 * @param threads field 20, number of threads
 * @param startTicks field 22, start time in clock ticks after boot
 */
record ProcStat(int pid, String comm, char state, int ppid, int pgrp, long utimeTicks, long stimeTicks,
        long cutimeTicks, long cstimeTicks, int nice, int threads, long startTicks) {

    /**
     * Parses the one line of a stat file.
     *
     * @throws IllegalArgumentException if the text is not a stat line
     */
    static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + abbreviate(line));
        }
        String[] f = line.substring(close + 2).trim().split(" ");
        if (f.length < 20) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat line: " + abbreviate(line));
        }
        try {
            // f[0] is field 3, so field n is f[n - 3].
            return new ProcStat(
                    Integer.parseInt(line.substring(0, open).trim()),
                    line.substring(open + 1, close),
                    f[0].charAt(0),
                    Integer.parseInt(f[1]),
                    Integer.parseInt(f[2]),
                    Long.parseLong(f[11]),
                    Long.parseLong(f[12]),
                    Long.parseLong(f[13]),
                    Long.parseLong(f[14]),
                    Integer.parseInt(f[16]),
                    Integer.parseInt(f[17]),
                    Long.parseLong(f[19]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed /proc/<pid>/stat line: " + abbreviate(line), e);
        }
    }

    /** A zombie (exited, not reaped) or dead process. */
    boolean isDead() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}

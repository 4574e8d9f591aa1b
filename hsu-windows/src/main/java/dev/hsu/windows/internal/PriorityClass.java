package dev.hsu.windows.internal;

/**
 * Maps a unit's POSIX niceness (-20 highest .. 19 lowest) onto the five Windows priority classes
 * HSU uses (never REALTIME, which can starve the system):
 *
 * <pre>
 * -20..-15  HIGH          -14..-5  ABOVE_NORMAL     -4..4  NORMAL
 *   5..14   BELOW_NORMAL   15..19  IDLE
 * </pre>
 */
final class PriorityClass {
    private PriorityClass() {
    }

    /**
     * @return the CreateProcess flag
     * @throws IllegalArgumentException if {@code niceness} is outside -20..19
     */
    static int forNiceness(int niceness) {
        if (niceness < -20 || niceness > 19) {
            throw new IllegalArgumentException("niceness " + niceness + " is outside -20..19; fix it");
        }
        if (niceness <= -15) {
            return Win32.HIGH_PRIORITY_CLASS;
        }
        if (niceness <= -5) {
            return Win32.ABOVE_NORMAL_PRIORITY_CLASS;
        }
        if (niceness < 5) {
            return Win32.NORMAL_PRIORITY_CLASS;
        }
        if (niceness < 15) {
            return Win32.BELOW_NORMAL_PRIORITY_CLASS;
        }
        return Win32.IDLE_PRIORITY_CLASS;
    }
}

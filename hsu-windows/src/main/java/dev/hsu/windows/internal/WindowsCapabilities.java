package dev.hsu.windows.internal;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.Signal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What the Windows adapter can do on this host, given what the probe found. */
final class WindowsCapabilities {
    /** The platform name used in {@link dev.hsu.spi.UnsupportedCapabilityException}s. */
    static final String PLATFORM = "windows";

    static final Set<Signal> SIGNALS = EnumSet.of(Signal.TERM, Signal.KILL);

    static final PlatformCapabilities UNAVAILABLE =
            new PlatformCapabilities(Set.of(), Set.of(), false, List.of("the Windows adapter is not available on this host"));

    private WindowsCapabilities() {
    }

    /** The limits a Job Object enforces here; I/O bandwidth only where the OS has I/O rate control. */
    static Set<LimitKind> enforceable(boolean ioRateControl) {
        Set<LimitKind> kinds = EnumSet.of(LimitKind.CPU, LimitKind.CPU_SHARES, LimitKind.MEMORY, LimitKind.MAX_PROCESSES);
        if (ioRateControl) {
            kinds.add(LimitKind.IO_READ_BPS);
            kinds.add(LimitKind.IO_WRITE_BPS);
        }
        return kinds;
    }

    static PlatformCapabilities of(boolean ioRateControl, int processors) {
        List<String> notes = new ArrayList<>(List.of(
                "memory: the Job Object's JobMemoryLimit caps the committed (private) memory of all the unit's "
                        + "processes together; an allocation past it fails (Windows does not kill the process) and "
                        + "the end that follows is explained as the memory limit",
                "cpu: a hard cap by Job Object CPU rate control, as a share of all " + processors
                        + " logical processors",
                "cpu_shares: weight-based CPU rate control; 1..10000 maps onto Windows' weights 1..9 on a log "
                        + "scale (100 gives the default 5); cpu and cpu_shares cannot be combined on Windows (a job "
                        + "has one rate-control mode)",
                "max_processes: the Job Object's active process limit: processes, not threads",
                "max_open_files, memory_swap, io_weight: Windows has no per-unit mechanism for them"));
        notes.add(ioRateControl
                ? "io_read_bps, io_write_bps: Job Object I/O rate control caps reads and writes together, on every "
                        + "volume; the lower of the two values applies to both"
                : "io_read_bps, io_write_bps: this Windows has no Job Object I/O rate control (Windows 10 / Server "
                        + "2016 or newer)");
        notes.add("signals: TERM is CTRL_BREAK for a console program and WM_CLOSE to the main windows of a GUI "
                + "program; KILL is TerminateJobObject; INT cannot be sent (CTRL_C does not reach one process group "
                + "alone) and Windows has no other signal");
        notes.add("tree kill: every descendant stays in the unit's Job Object, whatever its parent did");
        notes.add("accounting: CPU, processes and I/O come from the Job Object (I/O counts every read and write, "
                + "pipes included); memory is the sum of working sets, its peak the job's peak commit; threads are "
                + "not measured; open files count handles");
        return new PlatformCapabilities(enforceable(ioRateControl), SIGNALS, true, notes);
    }
}

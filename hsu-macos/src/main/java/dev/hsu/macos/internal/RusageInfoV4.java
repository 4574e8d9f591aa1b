package dev.hsu.macos.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code struct rusage_info_v4} (sys/resource.h), 296 bytes, filled by
 * {@code proc_pid_rusage(pid, RUSAGE_INFO_V4, ...)}. Times are Mach absolute time units (not
 * nanoseconds on Apple silicon: convert with {@code mach_timebase_info}); sizes in bytes.
 */
@FieldOrder({"ri_uuid", "ri_user_time", "ri_system_time", "ri_pkg_idle_wkups", "ri_interrupt_wkups", "ri_pageins",
        "ri_wired_size", "ri_resident_size", "ri_phys_footprint", "ri_proc_start_abstime", "ri_proc_exit_abstime",
        "ri_child_user_time", "ri_child_system_time", "ri_child_pkg_idle_wkups", "ri_child_interrupt_wkups",
        "ri_child_pageins", "ri_child_elapsed_abstime", "ri_diskio_bytesread", "ri_diskio_byteswritten",
        "ri_cpu_time_qos_default", "ri_cpu_time_qos_maintenance", "ri_cpu_time_qos_background",
        "ri_cpu_time_qos_utility", "ri_cpu_time_qos_legacy", "ri_cpu_time_qos_user_initiated",
        "ri_cpu_time_qos_user_interactive", "ri_billed_system_time", "ri_serviced_system_time", "ri_logical_writes",
        "ri_lifetime_max_phys_footprint", "ri_instructions", "ri_cycles", "ri_billed_energy", "ri_serviced_energy",
        "ri_interval_max_phys_footprint", "ri_runnable_time"})
public class RusageInfoV4 extends DarwinStructure {
    public byte[] ri_uuid = new byte[16];
    public long ri_user_time;
    public long ri_system_time;
    public long ri_pkg_idle_wkups;
    public long ri_interrupt_wkups;
    public long ri_pageins;
    public long ri_wired_size;
    public long ri_resident_size;
    public long ri_phys_footprint;
    public long ri_proc_start_abstime;
    public long ri_proc_exit_abstime;
    public long ri_child_user_time;
    public long ri_child_system_time;
    public long ri_child_pkg_idle_wkups;
    public long ri_child_interrupt_wkups;
    public long ri_child_pageins;
    public long ri_child_elapsed_abstime;
    public long ri_diskio_bytesread;
    public long ri_diskio_byteswritten;
    public long ri_cpu_time_qos_default;
    public long ri_cpu_time_qos_maintenance;
    public long ri_cpu_time_qos_background;
    public long ri_cpu_time_qos_utility;
    public long ri_cpu_time_qos_legacy;
    public long ri_cpu_time_qos_user_initiated;
    public long ri_cpu_time_qos_user_interactive;
    public long ri_billed_system_time;
    public long ri_serviced_system_time;
    public long ri_logical_writes;
    public long ri_lifetime_max_phys_footprint;
    public long ri_instructions;
    public long ri_cycles;
    public long ri_billed_energy;
    public long ri_serviced_energy;
    public long ri_interval_max_phys_footprint;
    public long ri_runnable_time;

    public RusageInfoV4() {
    }

    @SuppressWarnings("this-escape") // read() after every field is initialised
    public RusageInfoV4(Pointer p) {
        super(p);
        read();
    }
}

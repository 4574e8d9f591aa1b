package dev.hsu.macos.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code struct proc_taskinfo} (sys/proc_info.h), 96 bytes; {@code proc_pidinfo(PROC_PIDTASKINFO)}. */
@FieldOrder({"pti_virtual_size", "pti_resident_size", "pti_total_user", "pti_total_system", "pti_threads_user",
        "pti_threads_system", "pti_policy", "pti_faults", "pti_pageins", "pti_cow_faults", "pti_messages_sent",
        "pti_messages_received", "pti_syscalls_mach", "pti_syscalls_unix", "pti_csw", "pti_threadnum",
        "pti_numrunning", "pti_priority"})
public class ProcTaskInfo extends DarwinStructure {
    public long pti_virtual_size;
    public long pti_resident_size;
    public long pti_total_user;
    public long pti_total_system;
    public long pti_threads_user;
    public long pti_threads_system;
    public int pti_policy;
    public int pti_faults;
    public int pti_pageins;
    public int pti_cow_faults;
    public int pti_messages_sent;
    public int pti_messages_received;
    public int pti_syscalls_mach;
    public int pti_syscalls_unix;
    public int pti_csw;
    public int pti_threadnum;
    public int pti_numrunning;
    public int pti_priority;

    public ProcTaskInfo() {
    }

    @SuppressWarnings("this-escape") // read() after every field is initialised
    public ProcTaskInfo(Pointer p) {
        super(p);
        read();
    }
}

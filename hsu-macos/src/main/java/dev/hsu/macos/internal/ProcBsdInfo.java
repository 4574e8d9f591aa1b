package dev.hsu.macos.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code struct proc_bsdinfo} (sys/proc_info.h), 136 bytes; {@code proc_pidinfo(PROC_PIDTBSDINFO)}. */
@FieldOrder({"pbi_flags", "pbi_status", "pbi_xstatus", "pbi_pid", "pbi_ppid", "pbi_uid", "pbi_gid", "pbi_ruid",
        "pbi_rgid", "pbi_svuid", "pbi_svgid", "rfu_1", "pbi_comm", "pbi_name", "pbi_nfiles", "pbi_pgid", "pbi_pjobc",
        "e_tdev", "e_tpgid", "pbi_nice", "pbi_start_tvsec", "pbi_start_tvusec"})
public class ProcBsdInfo extends DarwinStructure {
    public int pbi_flags;
    public int pbi_status;
    public int pbi_xstatus;
    public int pbi_pid;
    public int pbi_ppid;
    public int pbi_uid;
    public int pbi_gid;
    public int pbi_ruid;
    public int pbi_rgid;
    public int pbi_svuid;
    public int pbi_svgid;
    public int rfu_1;
    public byte[] pbi_comm = new byte[16];
    public byte[] pbi_name = new byte[32];
    public int pbi_nfiles;
    public int pbi_pgid;
    public int pbi_pjobc;
    public int e_tdev;
    public int e_tpgid;
    public int pbi_nice;
    public long pbi_start_tvsec;
    public long pbi_start_tvusec;

    public ProcBsdInfo() {
    }

    @SuppressWarnings("this-escape") // read() after every field is initialised
    public ProcBsdInfo(Pointer p) {
        super(p);
        read();
    }

    /** The start time in microseconds since the epoch: with the pid, the process's identity. */
    long startMicros() {
        return pbi_start_tvsec * 1_000_000L + pbi_start_tvusec;
    }

    boolean isZombie() {
        return pbi_status == Darwin.SZOMB;
    }
}

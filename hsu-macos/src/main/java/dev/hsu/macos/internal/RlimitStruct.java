package dev.hsu.macos.internal;

import com.sun.jna.Structure.FieldOrder;

/** {@code struct rlimit} (sys/resource.h), 16 bytes; {@code RLIM_INFINITY} is {@link Darwin#RLIM_INFINITY}. */
@FieldOrder({"rlim_cur", "rlim_max"})
public class RlimitStruct extends DarwinStructure {
    public long rlim_cur;
    public long rlim_max;
}

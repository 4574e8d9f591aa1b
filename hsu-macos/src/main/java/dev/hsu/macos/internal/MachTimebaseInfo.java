package dev.hsu.macos.internal;

import com.sun.jna.Structure.FieldOrder;

/**
 * {@code mach_timebase_info_data_t} (mach/mach_time.h), 8 bytes: nanoseconds = ticks × numer / denom
 * (1/1 on Intel, 125/3 on Apple silicon).
 */
@FieldOrder({"numer", "denom"})
public class MachTimebaseInfo extends DarwinStructure {
    public int numer;
    public int denom;
}

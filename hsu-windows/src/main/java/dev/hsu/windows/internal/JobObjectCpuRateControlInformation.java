package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code JOBOBJECT_CPU_RATE_CONTROL_INFORMATION} (winnt.h), 8 bytes; information class 15.
 * {@code Value} is the union: {@code CpuRate} (hard cap, in 1/100 % of all processors),
 * {@code Weight} (1..9) or {@code MinRate | MaxRate << 16}, chosen by {@code ControlFlags}.
 */
@FieldOrder({"ControlFlags", "Value"})
public class JobObjectCpuRateControlInformation extends Win32Structure {
    public int ControlFlags;
    public int Value;

    public JobObjectCpuRateControlInformation() {
    }

    public JobObjectCpuRateControlInformation(Pointer p) {
        super(p);
    }
}

package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code JOBOBJECT_IO_RATE_CONTROL_INFORMATION} (jobapi2.h), 40 bytes on 64-bit, for
 * {@code SetIoRateControlInformationJobObject} (Windows 10 / Server 2016+). {@code MaxBandwidth}
 * is bytes per second for reads and writes together; a null {@code VolumeName} applies the
 * control to every volume.
 */
@FieldOrder({"MaxIops", "MaxBandwidth", "ReservationIops", "VolumeName", "BaseIoSize", "ControlFlags"})
public class JobObjectIoRateControlInformation extends Win32Structure {
    public long MaxIops;
    public long MaxBandwidth;
    public long ReservationIops;
    public Pointer VolumeName;
    public int BaseIoSize;
    public int ControlFlags;

    public JobObjectIoRateControlInformation() {
    }

    public JobObjectIoRateControlInformation(Pointer p) {
        super(p);
    }
}

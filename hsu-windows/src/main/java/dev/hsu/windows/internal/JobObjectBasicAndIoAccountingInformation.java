package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code JOBOBJECT_BASIC_AND_IO_ACCOUNTING_INFORMATION} (winnt.h), 96 bytes; information class 8. */
@FieldOrder({"BasicInfo", "IoInfo"})
public class JobObjectBasicAndIoAccountingInformation extends Win32Structure {
    public JobObjectBasicAccountingInformation BasicInfo;
    public IoCounters IoInfo;

    public JobObjectBasicAndIoAccountingInformation() {
    }

    public JobObjectBasicAndIoAccountingInformation(Pointer p) {
        super(p);
    }
}

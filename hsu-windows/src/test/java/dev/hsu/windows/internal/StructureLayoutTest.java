package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every structure the adapter passes to Windows has the documented 64-bit layout: its fields in
 * this order at these offsets, and this size (offsets from the Windows SDK headers; JNA computes
 * the same natural alignment on any 64-bit host).
 */
class StructureLayoutTest {

    static Stream<Arguments> layouts() {
        return Stream.of(
                layout(JobObjectBasicLimitInformation::new, 64, "PerProcessUserTimeLimit", 0, "PerJobUserTimeLimit", 8,
                        "LimitFlags", 16, "MinimumWorkingSetSize", 24, "MaximumWorkingSetSize", 32,
                        "ActiveProcessLimit", 40, "Affinity", 48, "PriorityClass", 56, "SchedulingClass", 60),
                layout(IoCounters::new, 48, "ReadOperationCount", 0, "WriteOperationCount", 8, "OtherOperationCount", 16,
                        "ReadTransferCount", 24, "WriteTransferCount", 32, "OtherTransferCount", 40),
                layout(JobObjectExtendedLimitInformation::new, 144, "BasicLimitInformation", 0, "IoInfo", 64,
                        "ProcessMemoryLimit", 112, "JobMemoryLimit", 120, "PeakProcessMemoryUsed", 128,
                        "PeakJobMemoryUsed", 136),
                layout(JobObjectCpuRateControlInformation::new, 8, "ControlFlags", 0, "Value", 4),
                layout(JobObjectBasicAccountingInformation::new, 48, "TotalUserTime", 0, "TotalKernelTime", 8,
                        "ThisPeriodTotalUserTime", 16, "ThisPeriodTotalKernelTime", 24, "TotalPageFaultCount", 32,
                        "TotalProcesses", 36, "ActiveProcesses", 40, "TotalTerminatedProcesses", 44),
                layout(JobObjectBasicAndIoAccountingInformation::new, 96, "BasicInfo", 0, "IoInfo", 48),
                layout(JobObjectIoRateControlInformation::new, 40, "MaxIops", 0, "MaxBandwidth", 8, "ReservationIops", 16,
                        "VolumeName", 24, "BaseIoSize", 32, "ControlFlags", 36),
                layout(JobObjectAssociateCompletionPort::new, 16, "CompletionKey", 0, "CompletionPort", 8),
                layout(StartupInfoEx::new, 112, "cb", 0, "lpReserved", 8, "lpDesktop", 16, "lpTitle", 24, "dwX", 32,
                        "dwY", 36, "dwXSize", 40, "dwYSize", 44, "dwXCountChars", 48, "dwYCountChars", 52,
                        "dwFillAttribute", 56, "dwFlags", 60, "wShowWindow", 64, "cbReserved2", 66, "lpReserved2", 72,
                        "hStdInput", 80, "hStdOutput", 88, "hStdError", 96, "lpAttributeList", 104),
                layout(ProcessInformation::new, 24, "hProcess", 0, "hThread", 8, "dwProcessId", 16, "dwThreadId", 20),
                layout(SecurityAttributes::new, 24, "nLength", 0, "lpSecurityDescriptor", 8, "bInheritHandle", 16),
                layout(Overlapped::new, 32, "Internal", 0, "InternalHigh", 8, "Offset", 16, "OffsetHigh", 20, "hEvent", 24),
                layout(ProcessMemoryCounters::new, 72, "cb", 0, "PageFaultCount", 4, "PeakWorkingSetSize", 8,
                        "WorkingSetSize", 16, "QuotaPeakPagedPoolUsage", 24, "QuotaPagedPoolUsage", 32,
                        "QuotaPeakNonPagedPoolUsage", 40, "QuotaNonPagedPoolUsage", 48, "PagefileUsage", 56,
                        "PeakPagefileUsage", 64));
    }

    private static Arguments layout(Supplier<? extends Win32Structure> make, int size, Object... fieldsAndOffsets) {
        Map<String, Integer> offsets = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndOffsets.length; i += 2) {
            offsets.put((String) fieldsAndOffsets[i], (Integer) fieldsAndOffsets[i + 1]);
        }
        Win32Structure s = make.get();
        return Arguments.of(s.getClass().getSimpleName(), s, size, offsets);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void hasTheDocumentedLayout(String name, Win32Structure structure, int size, Map<String, Integer> offsets) {
        assertEquals(List.copyOf(offsets.keySet()), fieldOrder(structure), name + " field order");
        for (Map.Entry<String, Integer> e : offsets.entrySet()) {
            assertEquals(e.getValue(), structure.offsetOf(e.getKey()), name + "." + e.getKey());
        }
        assertEquals(size, structure.size(), name + " size");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void sizeFieldsAreFilledIn(String name, Win32Structure structure, int size, Map<String, Integer> offsets) {
        if (structure instanceof StartupInfoEx si) {
            assertEquals(size, si.cb);
        } else if (structure instanceof SecurityAttributes sa) {
            assertEquals(size, sa.nLength);
        } else if (structure instanceof ProcessMemoryCounters pmc) {
            assertEquals(size, pmc.cb);
        }
    }

    private static List<String> fieldOrder(Win32Structure s) {
        return s.getClass().getAnnotation(com.sun.jna.Structure.FieldOrder.class) == null ? List.of()
                : List.of(s.getClass().getAnnotation(com.sun.jna.Structure.FieldOrder.class).value());
    }

    @org.junit.jupiter.api.Test
    void theProcessIdListIsReadAtItsDocumentedOffsets() {
        try (com.sun.jna.Memory m = ProcessIdList.buffer(3)) {
            assertEquals(8 + 3 * 8, m.size());
            assertEquals(3, ProcessIdList.capacity(m.size()));
            m.setInt(0, 5);
            m.setInt(4, 3);
            m.setLong(8, 100);
            m.setLong(16, 200);
            m.setLong(24, 300);
            assertEquals(5, ProcessIdList.assigned(m));
            assertEquals(List.of(100, 200, 300), ProcessIdList.ids(m));
        }
    }

    @org.junit.jupiter.api.Test
    void overlappedCompletionReadsInternalFromNativeMemory() {
        Overlapped o = new Overlapped();
        o.getPointer().setLong(0, Win32.STATUS_PENDING);
        assertEquals(false, o.completed());
        o.getPointer().setLong(0, 0);
        assertEquals(true, o.completed());
    }
}

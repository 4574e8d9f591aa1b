package dev.hsu.macos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Structure.FieldOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every structure the adapter exchanges with macOS has the documented 64-bit layout (offsets from
 * the macOS SDK headers sys/event.h, sys/resource.h, sys/proc_info.h, mach/mach_time.h, poll.h).
 */
class StructureLayoutTest {

    static Stream<Arguments> layouts() {
        return Stream.of(
                layout(Kevent::new, 32, "ident", 0, "filter", 8, "flags", 10, "fflags", 12, "data", 16, "udata", 24),
                layout(RusageInfoV4::new, 296, "ri_uuid", 0, "ri_user_time", 16, "ri_system_time", 24,
                        "ri_pkg_idle_wkups", 32, "ri_interrupt_wkups", 40, "ri_pageins", 48, "ri_wired_size", 56,
                        "ri_resident_size", 64, "ri_phys_footprint", 72, "ri_proc_start_abstime", 80,
                        "ri_proc_exit_abstime", 88, "ri_child_user_time", 96, "ri_child_system_time", 104,
                        "ri_child_pkg_idle_wkups", 112, "ri_child_interrupt_wkups", 120, "ri_child_pageins", 128,
                        "ri_child_elapsed_abstime", 136, "ri_diskio_bytesread", 144, "ri_diskio_byteswritten", 152,
                        "ri_cpu_time_qos_default", 160, "ri_cpu_time_qos_maintenance", 168,
                        "ri_cpu_time_qos_background", 176, "ri_cpu_time_qos_utility", 184, "ri_cpu_time_qos_legacy", 192,
                        "ri_cpu_time_qos_user_initiated", 200, "ri_cpu_time_qos_user_interactive", 208,
                        "ri_billed_system_time", 216, "ri_serviced_system_time", 224, "ri_logical_writes", 232,
                        "ri_lifetime_max_phys_footprint", 240, "ri_instructions", 248, "ri_cycles", 256,
                        "ri_billed_energy", 264, "ri_serviced_energy", 272, "ri_interval_max_phys_footprint", 280,
                        "ri_runnable_time", 288),
                layout(ProcBsdInfo::new, 136, "pbi_flags", 0, "pbi_status", 4, "pbi_xstatus", 8, "pbi_pid", 12,
                        "pbi_ppid", 16, "pbi_uid", 20, "pbi_gid", 24, "pbi_ruid", 28, "pbi_rgid", 32, "pbi_svuid", 36,
                        "pbi_svgid", 40, "rfu_1", 44, "pbi_comm", 48, "pbi_name", 64, "pbi_nfiles", 96, "pbi_pgid", 100,
                        "pbi_pjobc", 104, "e_tdev", 108, "e_tpgid", 112, "pbi_nice", 116, "pbi_start_tvsec", 120,
                        "pbi_start_tvusec", 128),
                layout(ProcTaskInfo::new, 96, "pti_virtual_size", 0, "pti_resident_size", 8, "pti_total_user", 16,
                        "pti_total_system", 24, "pti_threads_user", 32, "pti_threads_system", 40, "pti_policy", 48,
                        "pti_faults", 52, "pti_pageins", 56, "pti_cow_faults", 60, "pti_messages_sent", 64,
                        "pti_messages_received", 68, "pti_syscalls_mach", 72, "pti_syscalls_unix", 76, "pti_csw", 80,
                        "pti_threadnum", 84, "pti_numrunning", 88, "pti_priority", 92),
                layout(RlimitStruct::new, 16, "rlim_cur", 0, "rlim_max", 8),
                layout(MachTimebaseInfo::new, 8, "numer", 0, "denom", 4),
                layout(PollFd::new, 8, "fd", 0, "events", 4, "revents", 6));
    }

    private static Arguments layout(Supplier<? extends DarwinStructure> make, int size, Object... fieldsAndOffsets) {
        Map<String, Integer> offsets = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndOffsets.length; i += 2) {
            offsets.put((String) fieldsAndOffsets[i], (Integer) fieldsAndOffsets[i + 1]);
        }
        DarwinStructure s = make.get();
        return Arguments.of(s.getClass().getSimpleName(), s, size, offsets);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void hasTheDocumentedLayout(String name, DarwinStructure structure, int size, Map<String, Integer> offsets) {
        assertEquals(List.copyOf(offsets.keySet()), List.of(structure.getClass().getAnnotation(FieldOrder.class).value()),
                name + " field order");
        for (Map.Entry<String, Integer> e : offsets.entrySet()) {
            assertEquals(e.getValue(), structure.offsetOf(e.getKey()), name + "." + e.getKey());
        }
        assertEquals(size, structure.size(), name + " size");
    }
}

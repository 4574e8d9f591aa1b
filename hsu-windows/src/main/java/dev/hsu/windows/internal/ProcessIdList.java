package dev.hsu.windows.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code JOBOBJECT_BASIC_PROCESS_ID_LIST} (winnt.h), information class 3: a variable-length
 * structure read from raw memory. On 64-bit: {@code NumberOfAssignedProcesses} at 0,
 * {@code NumberOfProcessIdsInList} at 4, then {@code ULONG_PTR ProcessIdList[]} from 8.
 */
final class ProcessIdList {
    static final int ASSIGNED_OFFSET = 0;
    static final int IN_LIST_OFFSET = 4;
    static final int IDS_OFFSET = 8;
    static final int ID_SIZE = 8;

    private ProcessIdList() {
    }

    /** A buffer for up to {@code capacity} ids. */
    static Memory buffer(int capacity) {
        Memory m = new Memory(IDS_OFFSET + (long) ID_SIZE * capacity);
        m.clear();
        return m;
    }

    /** How many ids a buffer of {@code size} bytes holds. */
    static int capacity(long size) {
        return (int) ((size - IDS_OFFSET) / ID_SIZE);
    }

    static int assigned(Pointer p) {
        return p.getInt(ASSIGNED_OFFSET);
    }

    /** The ids in the list (fewer than {@link #assigned} if the buffer was too small). */
    static List<Integer> ids(Pointer p) {
        int n = p.getInt(IN_LIST_OFFSET);
        List<Integer> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add((int) p.getLong(IDS_OFFSET + (long) i * ID_SIZE));
        }
        return ids;
    }
}

package dev.hsu.macos.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * C strings and NULL-terminated string arrays in native memory, from bytes the adapter encoded as
 * UTF-8 (so no JNA encoding setting can alter what reaches the kernel). The memory of the strings is
 * kept reachable from the array object.
 */
final class CStrings {
    private CStrings() {
    }

    static Memory of(String s) {
        return of(s.getBytes(StandardCharsets.UTF_8));
    }

    static Memory of(byte[] bytes) {
        Memory m = new Memory(bytes.length + 1L);
        m.write(0, bytes, 0, bytes.length);
        m.setByte(bytes.length, (byte) 0);
        return m;
    }

    /** A {@code char *[]} ending with NULL; the strings stay alive as long as it does. */
    static final class Array extends Memory {
        private final List<Memory> strings = new ArrayList<>();

        Array(List<String> values) {
            super((long) Native.POINTER_SIZE * (values.size() + 1));
            for (int i = 0; i < values.size(); i++) {
                Memory s = of(values.get(i));
                strings.add(s);
                setPointer((long) Native.POINTER_SIZE * i, s);
            }
            setPointer((long) Native.POINTER_SIZE * values.size(), null);
        }
    }

    /** Reads a NUL-terminated UTF-8 string (tests, diagnostics). */
    static String read(Pointer p) {
        return p.getString(0, StandardCharsets.UTF_8.name());
    }

    /** Reads a NULL-terminated array of strings (tests, diagnostics). */
    static List<String> readArray(Pointer p) {
        List<String> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            Pointer s = p.getPointer((long) Native.POINTER_SIZE * i);
            if (s == null) {
                return out;
            }
            out.add(read(s));
        }
    }
}

package dev.hsu.windows.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/** Wide strings as Win32 takes them: UTF-16LE, NUL-terminated, in memory the adapter owns. */
final class Utf16 {
    private Utf16() {
    }

    /** {@code text} and a terminating NUL character, in fresh native memory. */
    static Memory of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_16LE);
        Memory m = new Memory(bytes.length + 2L);
        m.write(0, bytes, 0, bytes.length);
        m.setShort(bytes.length, (short) 0);
        return m;
    }

    /** Reads a NUL-terminated UTF-16LE string (for tests and diagnostics). */
    static String read(Pointer p) {
        StringBuilder s = new StringBuilder();
        for (long offset = 0; ; offset += 2) {
            // Not getChar: JNA's char is the platform's wchar_t, 4 bytes outside Windows.
            char c = (char) p.getShort(offset);
            if (c == 0) {
                return s.toString();
            }
            s.append(c);
        }
    }
}

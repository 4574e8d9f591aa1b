package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * A Win32 structure with the Microsoft compiler's alignment (natural alignment up to 8 bytes),
 * which on 64-bit is also what JNA computes on Linux and macOS: the layout tests run anywhere.
 */
public abstract class Win32Structure extends Structure {

    protected Win32Structure() {
        super(ALIGN_MSVC);
    }

    /** A view of native memory at {@code p}, read at once (JNA fills the subclass's fields from it). */
    @SuppressWarnings("this-escape")
    protected Win32Structure(Pointer p) {
        super(p, ALIGN_MSVC);
        read();
    }

    /** The byte offset of {@code field} (for the layout tests). */
    final int offsetOf(String field) {
        return fieldOffset(field);
    }
}

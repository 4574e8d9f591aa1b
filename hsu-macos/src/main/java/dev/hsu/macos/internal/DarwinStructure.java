package dev.hsu.macos.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * A Darwin structure with natural alignment, as clang lays it out for x86_64 and arm64 (and as JNA
 * computes it on any 64-bit host: the layout tests run on Linux).
 */
public abstract class DarwinStructure extends Structure {

    protected DarwinStructure() {
        super(ALIGN_GNUC);
    }

    /**
     * A view of native memory at {@code p}. Subclasses call {@link #read()} at the end of their own
     * constructor: their array fields must be initialised before JNA lays the structure out.
     */
    protected DarwinStructure(Pointer p) {
        super(p, ALIGN_GNUC);
    }

    /** The byte offset of {@code field} (for the layout tests). */
    final int offsetOf(String field) {
        return fieldOffset(field);
    }
}

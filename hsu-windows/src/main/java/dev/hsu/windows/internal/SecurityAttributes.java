package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code SECURITY_ATTRIBUTES} (minwinbase.h), 24 bytes on 64-bit. */
@FieldOrder({"nLength", "lpSecurityDescriptor", "bInheritHandle"})
public class SecurityAttributes extends Win32Structure {
    public int nLength;
    public Pointer lpSecurityDescriptor;
    public boolean bInheritHandle;

    @SuppressWarnings("this-escape") // size() only lays out the declared fields
    public SecurityAttributes() {
        nLength = size();
    }

    /** Default security, handle inheritable by children (named in their handle list). */
    static SecurityAttributes inheritable() {
        SecurityAttributes sa = new SecurityAttributes();
        sa.bInheritHandle = true;
        return sa;
    }
}

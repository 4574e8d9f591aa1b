package dev.hsu.macos.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code struct kevent} (sys/event.h), 32 bytes on 64-bit macOS. */
@FieldOrder({"ident", "filter", "flags", "fflags", "data", "udata"})
public class Kevent extends DarwinStructure {
    public long ident;
    public short filter;
    public short flags;
    public int fflags;
    public long data;
    public long udata;

    public Kevent() {
    }

    @SuppressWarnings("this-escape") // read() after every field is initialised
    public Kevent(Pointer p) {
        super(p);
        read();
    }

    /** A change record. */
    static Kevent of(long ident, short filter, short flags, int fflags, long udata) {
        Kevent k = new Kevent();
        k.ident = ident;
        k.filter = filter;
        k.flags = flags;
        k.fflags = fflags;
        k.udata = udata;
        k.write();
        return k;
    }
}

package dev.hsu.macos.internal;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Finds out once whether the macOS adapter works here: the OS is macOS on x86_64 or arm64, JNA
 * binds libSystem with the symbols of macOS 10.15 or newer, a kqueue can be created, libproc
 * answers for the master itself, and the Mach timebase is known (CPU times need it). The first
 * failure is the cause.
 *
 * <p>Thread-safety: stateless; the provider keeps the outcome.
 */
public final class MacProbe {

    /**
     * @param cause why the adapter cannot work here, or null if it can
     * @param natives the bound libraries (null if unavailable)
     * @param timebaseNumer Mach timebase numerator
     * @param timebaseDenom Mach timebase denominator
     */
    public record Outcome(Throwable cause, MacNatives natives, int timebaseNumer, int timebaseDenom) {
        public boolean available() {
            return cause == null;
        }
    }

    private MacProbe() {
    }

    public static Outcome probe(String osName, String osArch, Supplier<MacNatives> loader) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (!(os.startsWith("mac") || os.startsWith("darwin"))) {
            return failed(new UnsupportedOperationException("this host runs " + osName + ", not macOS"));
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (!(arch.equals("x86_64") || arch.equals("amd64") || arch.equals("aarch64") || arch.equals("arm64"))) {
            return failed(new UnsupportedOperationException("the macOS adapter supports x86_64 and arm64, not " + osArch));
        }
        MacNatives natives;
        try {
            natives = loader.get();
        } catch (LinkageError | RuntimeException e) {
            return failed(new UnsupportedOperationException("JNA could not bind libSystem (the macOS adapter needs macOS "
                    + "10.15 or newer): " + e, e));
        }
        MacLibc libc = natives.libc();
        int kq = libc.kqueue();
        if (kq < 0) {
            return failed(new UnsupportedOperationException("kqueue failed (" + Errno.describe(libc.lastError()) + ")"));
        }
        libc.close(kq);
        if (new ProcInfo(natives.libproc()).bsd(libc.getpid()).isEmpty()) {
            return failed(new UnsupportedOperationException("libproc gives no information even about the master "
                    + "(proc_pidinfo PROC_PIDTBSDINFO failed: " + Errno.describe(libc.lastError()) + ")"));
        }
        MachTimebaseInfo timebase = new MachTimebaseInfo();
        if (libc.mach_timebase_info(timebase.getPointer()) != 0) {
            return failed(new UnsupportedOperationException("mach_timebase_info failed"));
        }
        timebase.read();
        if (timebase.numer == 0 || timebase.denom == 0) {
            return failed(new UnsupportedOperationException("mach_timebase_info gave " + timebase.numer + "/"
                    + timebase.denom));
        }
        return new Outcome(null, natives, timebase.numer, timebase.denom);
    }

    private static Outcome failed(Throwable cause) {
        return new Outcome(cause, null, 0, 0);
    }
}

package dev.hsu.windows.internal;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Finds out once whether the Windows adapter works here: the OS is Windows on a 64-bit
 * architecture, JNA binds kernel32 and user32, a Job Object can be created and given the
 * adapter's basic limits, and an I/O completion port can be created. The first failure is the
 * cause. It also learns whether Job Object I/O rate control works (Windows 10 / Server 2016+) and
 * how many logical processors the machine has (CPU rates are shares of all of them).
 *
 * <p>Thread-safety: stateless; the provider keeps the outcome.
 */
public final class WindowsProbe {

    /**
     * @param cause why the adapter cannot work here, or null if it can
     * @param natives the bound libraries (null if unavailable)
     * @param ioRateControl whether I/O bandwidth limits can be enforced
     * @param processors logical processors of the machine
     */
    public record Outcome(Throwable cause, WindowsNatives natives, boolean ioRateControl, int processors) {
        public boolean available() {
            return cause == null;
        }
    }

    private WindowsProbe() {
    }

    public static Outcome probe(String osName, String osArch, Supplier<WindowsNatives> loader) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            return failed(new UnsupportedOperationException("this host runs " + osName + ", not Windows"));
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (!(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64") || arch.equals("arm64"))) {
            return failed(new UnsupportedOperationException("the Windows adapter supports 64-bit Windows (amd64, "
                    + "aarch64), not " + osArch));
        }
        WindowsNatives natives;
        try {
            natives = loader.get();
        } catch (LinkageError | RuntimeException e) {
            return failed(new UnsupportedOperationException("JNA could not load kernel32 and user32: " + e, e));
        }
        Kernel32 k32 = natives.kernel32();
        HANDLE job = k32.CreateJobObjectW(null, null);
        if (job == null) {
            return failed(new UnsupportedOperationException("CreateJobObjectW failed ("
                    + Win32Error.describe(k32.lastError()) + "); the Windows adapter confines every unit in a Job Object"));
        }
        try {
            JobObjectExtendedLimitInformation limits = new JobObjectExtendedLimitInformation();
            limits.BasicLimitInformation.LimitFlags = JobLimits.ALWAYS;
            limits.write();
            if (!k32.SetInformationJobObject(job, Win32.JOB_EXTENDED_LIMIT, limits.getPointer(), limits.size())) {
                return failed(new UnsupportedOperationException("a Job Object refuses the adapter's basic limits "
                        + "(SetInformationJobObject: " + Win32Error.describe(k32.lastError()) + ")"));
            }
            HANDLE port = k32.CreateIoCompletionPort(WinBase.INVALID_HANDLE_VALUE, null, 0, 1);
            if (port == null) {
                return failed(new UnsupportedOperationException("CreateIoCompletionPort failed ("
                        + Win32Error.describe(k32.lastError()) + "); the adapter's event loop needs one"));
            }
            k32.CloseHandle(port);
            int processors = k32.GetActiveProcessorCount((short) 0xFFFF);
            return new Outcome(null, natives, ioRateControl(k32, job),
                    processors > 0 ? processors : Runtime.getRuntime().availableProcessors());
        } finally {
            k32.CloseHandle(job);
        }
    }

    /** Whether a Job Object takes an I/O bandwidth cap here (the function exists and accepts it). */
    private static boolean ioRateControl(Kernel32 k32, HANDLE job) {
        JobObjectIoRateControlInformation io = new JobObjectIoRateControlInformation();
        io.ControlFlags = Win32.JOB_OBJECT_IO_RATE_CONTROL_ENABLE;
        io.MaxBandwidth = 1L << 40;
        io.write();
        try {
            return k32.SetIoRateControlInformationJobObject(job, io.getPointer()) != 0;
        } catch (UnsatisfiedLinkError e) {
            return false; // before Windows 10
        }
    }

    private static Outcome failed(Throwable cause) {
        return new Outcome(cause, null, false, 0);
    }
}

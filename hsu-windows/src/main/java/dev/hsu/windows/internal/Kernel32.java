package dev.hsu.windows.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The kernel32 functions the adapter calls, bound by JNA interface mapping so that tests can hand
 * the adapter a Mockito mock instead. jna-platform's {@code Kernel32} lacks the Job Object
 * functions and takes {@code String}s whose encoding JNA decides; here every string is a
 * {@link Pointer} to UTF-16LE text the adapter encoded itself ({@link Utf16}), and every structure
 * is one of this package's, with its 64-bit layout tested.
 *
 * <p>Functions return what Win32 returns (BOOL as {@code boolean}, a null or invalid HANDLE on
 * failure); the error code is {@link #lastError()} right after the failed call, on the same
 * thread. {@code SIZE_T}, {@code ULONG_PTR} and {@code DWORD_PTR} are {@code long}: the adapter
 * runs on 64-bit Windows only.
 *
 * <p>Thread-safety: the functions are thread-safe.
 */
public interface Kernel32 extends StdCallLibrary {

    // ---- processes -------------------------------------------------------------------------

    boolean CreateProcessW(Pointer applicationName, Pointer commandLine, Pointer processAttributes,
            Pointer threadAttributes, boolean inheritHandles, int creationFlags, Pointer environment,
            Pointer currentDirectory, StartupInfoEx startupInfo, ProcessInformation processInformation);

    /** @return the previous suspend count, or -1 (0xFFFFFFFF) on failure */
    int ResumeThread(HANDLE thread);

    boolean TerminateProcess(HANDLE process, int exitCode);

    boolean GetExitCodeProcess(HANDLE process, IntByReference exitCode);

    /** FILETIMEs (100 ns since 1601-01-01 UTC) as little-endian 64-bit values. */
    boolean GetProcessTimes(HANDLE process, LongByReference creation, LongByReference exit, LongByReference kernel,
            LongByReference user);

    HANDLE OpenProcess(int desiredAccess, boolean inheritHandle, int processId);

    HANDLE GetCurrentProcess();

    boolean CloseHandle(HANDLE handle);

    boolean DuplicateHandle(HANDLE sourceProcess, HANDLE source, HANDLE targetProcess, HANDLEByReference target,
            int desiredAccess, boolean inheritHandle, int options);

    HANDLE GetStdHandle(int which);

    boolean InitializeProcThreadAttributeList(Pointer list, int attributeCount, int flags, LongByReference size);

    boolean UpdateProcThreadAttribute(Pointer list, int flags, long attribute, Pointer value, long size,
            Pointer previousValue, Pointer returnSize);

    void DeleteProcThreadAttributeList(Pointer list);

    /** Working set and commit of one process (psapi's function, exported by kernel32 since Windows 7). */
    boolean K32GetProcessMemoryInfo(HANDLE process, ProcessMemoryCounters counters, int size);

    boolean GetProcessHandleCount(HANDLE process, IntByReference count);

    /** @param group a processor group, or {@code 0xFFFF} (as short: -1) for all of them */
    int GetActiveProcessorCount(short group);

    // ---- Job Objects -----------------------------------------------------------------------

    HANDLE CreateJobObjectW(Pointer securityAttributes, Pointer name);

    boolean SetInformationJobObject(HANDLE job, int infoClass, Pointer info, int length);

    boolean QueryInformationJobObject(HANDLE job, int infoClass, Pointer info, int length, IntByReference returned);

    boolean AssignProcessToJobObject(HANDLE job, HANDLE process);

    boolean TerminateJobObject(HANDLE job, int exitCode);

    /**
     * Windows 10 / Server 2016 and later; binding it on an older system fails at the first call.
     *
     * @return non-zero on success
     */
    int SetIoRateControlInformationJobObject(HANDLE job, Pointer info);

    // ---- completion port, waits, pipes and files --------------------------------------------

    HANDLE CreateIoCompletionPort(HANDLE file, HANDLE existingPort, long completionKey, int concurrentThreads);

    boolean GetQueuedCompletionStatus(HANDLE port, IntByReference bytes, LongByReference completionKey,
            PointerByReference overlapped, int milliseconds);

    boolean PostQueuedCompletionStatus(HANDLE port, int bytes, long completionKey, Pointer overlapped);

    boolean RegisterWaitForSingleObject(HANDLEByReference newWaitObject, HANDLE object, WaitCallback callback,
            Pointer context, int milliseconds, int flags);

    boolean UnregisterWait(HANDLE waitHandle);

    HANDLE CreateNamedPipeW(Pointer name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
            int inBufferSize, int defaultTimeout, SecurityAttributes securityAttributes);

    HANDLE CreateFileW(Pointer name, int desiredAccess, int shareMode, SecurityAttributes securityAttributes,
            int creationDisposition, int flagsAndAttributes, HANDLE template);

    boolean ReadFile(HANDLE file, Pointer buffer, int bytesToRead, IntByReference bytesRead, Pointer overlapped);

    boolean CancelIoEx(HANDLE file, Pointer overlapped);

    // ---- consoles ----------------------------------------------------------------------------

    boolean GenerateConsoleCtrlEvent(int ctrlEvent, int processGroupId);

    /** @return how many processes share the caller's console, 0 if it has none */
    int GetConsoleProcessList(Pointer processList, int count);

    boolean AttachConsole(int processId);

    boolean FreeConsole();

    /** The Win32 error of this thread's last call through JNA ({@code GetLastError}, preserved by JNA). */
    default int lastError() {
        return Native.getLastError();
    }

    /** {@code WAITORTIMERCALLBACK}: called on a Windows thread-pool wait thread. */
    interface WaitCallback extends StdCallCallback {
        void callback(Pointer context, byte timedOut);
    }
}

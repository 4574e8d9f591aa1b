package dev.hsu.windows.internal;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.OutputSink;
import dev.hsu.spi.OutputTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The three standard handles of one child, made inheritable for it alone (they go into its
 * {@code PROC_THREAD_ATTRIBUTE_HANDLE_LIST}, so a concurrent launch cannot leak them into another
 * child), and the master's ends of its capture pipes.
 *
 * <ul>
 *   <li>stdin: the {@code NUL} device, for reading.</li>
 *   <li>{@link OutputTarget.Discard}: {@code NUL}.</li>
 *   <li>{@link OutputTarget.ToFile}: the file, created with its directories, opened by the master
 *       and inherited (Windows has no "open in the child"): {@code FILE_APPEND_DATA} for append,
 *       so that every write lands at the end, even with several writers.</li>
 *   <li>{@link OutputTarget.Capture}: a fresh named pipe {@code \\.\pipe\hsu-<pid>-<n>}, first
 *       instance only, local clients only; the server end is overlapped and stays in the master.</li>
 *   <li>{@link OutputTarget.Inherit}: a duplicate of the master's own handle, or {@code NUL} if
 *       it has none (a service).</li>
 * </ul>
 * Equal targets for stdout and stderr share one handle, so their order is kept.
 *
 * <p>Thread-safety: confined to the launching thread.
 */
final class ChildStdio {
    private static final AtomicLong PIPES = new AtomicLong();

    /** The master's end of a capture pipe and where its bytes go. */
    record Pipe(HANDLE server, OutputSink sink) {
    }

    private final Kernel32 k32;
    private final String unitId;
    private final List<HANDLE> childEnds = new ArrayList<>();
    private final List<Pipe> pipes = new ArrayList<>();
    private HANDLE stdin;
    private HANDLE stdout;
    private HANDLE stderr;

    private ChildStdio(Kernel32 k32, String unitId) {
        this.k32 = k32;
        this.unitId = unitId;
    }

    static ChildStdio prepare(Kernel32 k32, String unitId, OutputTarget out, OutputTarget err) throws LaunchException {
        ChildStdio stdio = new ChildStdio(k32, unitId);
        try {
            stdio.stdin = stdio.openNul(Win32.GENERIC_READ);
            Map<OutputTarget, HANDLE> made = new LinkedHashMap<>();
            stdio.stdout = stdio.handleFor(out, Win32.STD_OUTPUT_HANDLE, made);
            stdio.stderr = stdio.handleFor(err, Win32.STD_ERROR_HANDLE, made);
            return stdio;
        } catch (LaunchException | RuntimeException e) {
            stdio.closeAll();
            throw e;
        }
    }

    HANDLE stdin() {
        return stdin;
    }

    HANDLE stdout() {
        return stdout;
    }

    HANDLE stderr() {
        return stderr;
    }

    /** The distinct child handles, for the handle list (a duplicate entry is an error there). */
    List<HANDLE> inheritList() {
        Map<HANDLE, Boolean> distinct = new IdentityHashMap<>();
        List<HANDLE> list = new ArrayList<>();
        for (HANDLE h : List.of(stdin, stdout, stderr)) {
            if (distinct.put(h, Boolean.TRUE) == null) {
                list.add(h);
            }
        }
        return list;
    }

    List<Pipe> pipes() {
        return pipes;
    }

    /** After CreateProcess: the child has its copies; the master's go. */
    void closeChildEnds() {
        for (HANDLE h : childEnds) {
            k32.CloseHandle(h);
        }
        childEnds.clear();
    }

    /** On failure before the pipes were handed over: closes everything. */
    void closeAll() {
        closeChildEnds();
        for (Pipe p : pipes) {
            k32.CloseHandle(p.server());
        }
        pipes.clear();
    }

    private HANDLE handleFor(OutputTarget target, int stdHandle, Map<OutputTarget, HANDLE> made) throws LaunchException {
        HANDLE known = made.get(target);
        if (known != null) {
            return known;
        }
        HANDLE h = switch (target) {
            case OutputTarget.Discard d -> openNul(Win32.GENERIC_WRITE);
            case OutputTarget.ToFile f -> openFile(f.path(), f.append());
            case OutputTarget.Capture c -> pipe(c.sink());
            case OutputTarget.Inherit i -> inherit(stdHandle);
        };
        made.put(target, h);
        return h;
    }

    private HANDLE openNul(int access) throws LaunchException {
        HANDLE h = k32.CreateFileW(Utf16.of("NUL"), access, Win32.FILE_SHARE_READ | Win32.FILE_SHARE_WRITE,
                SecurityAttributes.inheritable(), Win32.OPEN_EXISTING, 0, null);
        return childEnd(h, "the NUL device");
    }

    private HANDLE openFile(Path path, boolean append) throws LaunchException {
        Path parent = path.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new LaunchException("unit " + unitId + ": cannot create the directory " + parent + " of output file "
                    + path + " (" + e.getMessage() + "); check its permissions", e);
        }
        HANDLE h = k32.CreateFileW(Utf16.of(path.toAbsolutePath().toString()),
                append ? Win32.FILE_APPEND_DATA | Win32.SYNCHRONIZE : Win32.GENERIC_WRITE,
                Win32.FILE_SHARE_READ | Win32.FILE_SHARE_WRITE | Win32.FILE_SHARE_DELETE,
                SecurityAttributes.inheritable(), append ? Win32.OPEN_ALWAYS : Win32.CREATE_ALWAYS,
                Win32.FILE_ATTRIBUTE_NORMAL, null);
        return childEnd(h, "output file " + path);
    }

    private HANDLE pipe(OutputSink sink) throws LaunchException {
        String name = "\\\\.\\pipe\\hsu-" + ProcessHandle.current().pid() + "-" + PIPES.incrementAndGet() + "-"
                + Long.toHexString(System.nanoTime());
        HANDLE server = k32.CreateNamedPipeW(Utf16.of(name),
                Win32.PIPE_ACCESS_INBOUND | Win32.FILE_FLAG_OVERLAPPED | Win32.FILE_FLAG_FIRST_PIPE_INSTANCE,
                Win32.PIPE_TYPE_BYTE | Win32.PIPE_REJECT_REMOTE_CLIENTS, 1, 0, 64 * 1024, 0, null);
        if (invalid(server)) {
            throw failure("CreateNamedPipeW", "a capture pipe");
        }
        pipes.add(new Pipe(server, sink));
        HANDLE client = k32.CreateFileW(Utf16.of(name), Win32.GENERIC_WRITE, 0, SecurityAttributes.inheritable(),
                Win32.OPEN_EXISTING, 0, null);
        return childEnd(client, "the child's end of a capture pipe");
    }

    private HANDLE inherit(int stdHandle) throws LaunchException {
        HANDLE own = k32.GetStdHandle(stdHandle);
        if (invalid(own)) {
            return openNul(Win32.GENERIC_WRITE); // the master has no such stream (a service)
        }
        HANDLEByReference copy = new HANDLEByReference();
        HANDLE self = k32.GetCurrentProcess();
        if (!k32.DuplicateHandle(self, own, self, copy, 0, true, Win32.DUPLICATE_SAME_ACCESS)) {
            throw failure("DuplicateHandle", "the master's own " + (stdHandle == Win32.STD_OUTPUT_HANDLE ? "stdout" : "stderr"));
        }
        childEnds.add(copy.getValue());
        return copy.getValue();
    }

    private HANDLE childEnd(HANDLE h, String what) throws LaunchException {
        if (invalid(h)) {
            throw failure("CreateFileW", what);
        }
        childEnds.add(h);
        return h;
    }

    private LaunchException failure(String call, String what) {
        int error = k32.lastError();
        String hint = switch (error) {
            case Win32Error.ERROR_ACCESS_DENIED -> "; check its permissions, or whether another program locks it";
            case Win32Error.ERROR_PATH_NOT_FOUND -> "; its directory does not exist";
            default -> "";
        };
        return new LaunchException("unit " + unitId + ": cannot open " + what + " (" + call + ": "
                + Win32Error.describe(error) + ")" + hint);
    }

    static boolean invalid(HANDLE h) {
        return h == null || h.getPointer() == null || WinBase.INVALID_HANDLE_VALUE.equals(h);
    }
}

package dev.hsu.windows.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyShort;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Mockito mocks of kernel32 and user32 whose answers behave like a small Windows: processes that are
 * created suspended, assigned to jobs, resumed and ended; Job Objects that keep their settings,
 * account for their processes and post messages; named pipes read with overlapped I/O whose
 * completions (and posted packets) go through one completion port; console events and windows.
 * Tests drive the "child" side (write to its pipes, end it) and can still verify calls.
 *
 * <p>Thread-safe enough for the adapter's loop thread and a test thread, with one rule: a test
 * that stubs {@link #k32} or {@link #user32} after an {@link IocpLoop} exists must do it inside
 * {@link #quietly}. Mockito's stubbing is not thread-safe: a call to the mock made by another
 * thread between {@code doAnswer(..).when(mock)} and the stubbed call takes the stubbing for
 * itself (an {@code UnfinishedStubbingException} in the test, a wrong answer in the loop).
 */
final class Win32Mocks {
    static final int ERROR_INSUFFICIENT_BUFFER = 122;
    static final long FILETIME_2024 = 133_485_408_000_000_000L; // 2024-01-01T00:00:00Z

    final Kernel32 k32 = mock(Kernel32.class);
    final User32 user32 = mock(User32.class);
    final HANDLE port = handle(0x10);
    final BlockingQueue<Packet> packets = new LinkedBlockingQueue<>();
    final Map<HANDLE, FakeJob> jobs = new ConcurrentHashMap<>();
    final Map<Integer, FakeProcess> processes = new ConcurrentHashMap<>();
    final Map<HANDLE, FakeProcess> byHandle = new ConcurrentHashMap<>();
    final Map<String, FakePipe> pipesByName = new ConcurrentHashMap<>();
    final Map<HANDLE, FakePipe> pipesByServer = new ConcurrentHashMap<>();
    final Map<HANDLE, FakePipe> pipesByClient = new ConcurrentHashMap<>();
    final List<OpenedFile> files = new CopyOnWriteArrayList<>();
    final Set<HANDLE> closed = ConcurrentHashMap.newKeySet();
    final List<String> consoleCalls = new CopyOnWriteArrayList<>();
    final List<FakeWindow> windows = new CopyOnWriteArrayList<>();
    final List<HWND> closedWindows = new CopyOnWriteArrayList<>();
    final List<List<HANDLE>> handleLists = new CopyOnWriteArrayList<>();
    final Set<Integer> failingJobClasses = ConcurrentHashMap.newKeySet();
    volatile boolean masterHasConsole = true;
    volatile int createProcessError;
    volatile int assignError;
    volatile boolean ioRateControl = true;

    private final ThreadLocal<Integer> lastError = ThreadLocal.withInitial(() -> 0);
    private final AtomicLong handles = new AtomicLong(0x1000);
    private final AtomicInteger pids = new AtomicInteger(4000);
    /** Completion ports created and not yet closed: each has one loop thread calling the mock. */
    private final AtomicInteger openPorts = new AtomicInteger();
    /** Loop threads blocked in GetQueuedCompletionStatus, i.e. inside a call that is already matched. */
    private final AtomicInteger parkedLoops = new AtomicInteger();
    /** Fake wait callbacks started and not finished (they call the mock from their own thread). */
    private final AtomicInteger runningWaits = new AtomicInteger();

    /** A completion packet. */
    record Packet(long key, int bytes, Pointer overlapped, boolean ok, int error) {
    }

    /** A file opened with CreateFileW (not a pipe). */
    record OpenedFile(String name, int access, int disposition, HANDLE handle, boolean inheritable) {
    }

    static HANDLE handle(long value) {
        return new HANDLE(new Pointer(value));
    }

    HANDLE newHandle() {
        return handle(handles.getAndAdd(4));
    }

    /** Makes the next failing call on this thread report {@code error}. */
    boolean fail(int error) {
        lastError.set(error);
        return false;
    }

    /**
     * Runs {@code stubbing} once no other thread can call the mocks: every loop thread is blocked
     * waiting for a packet, no packet is queued and no fake wait callback is running. Those threads
     * are woken only by what the test itself does next, so the stubbing cannot be taken by them.
     */
    void quietly(Runnable stubbing) {
        org.awaitility.Awaitility.await("the mocks' other threads to be idle")
                .atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(1))
                .until(() -> parkedLoops.get() == openPorts.get() && packets.isEmpty() && runningWaits.get() == 0);
        stubbing.run();
    }

    Win32Mocks() {
        when(k32.lastError()).thenAnswer(inv -> lastError.get());
        stubPort();
        stubProcesses();
        stubJobs();
        stubFiles();
        stubConsoleAndWindows();
    }

    // ---- completion port --------------------------------------------------------------------

    private void stubPort() {
        when(k32.CreateIoCompletionPort(eq(WinBase.INVALID_HANDLE_VALUE), isNull(), eq(0L), anyInt())).thenAnswer(inv -> {
            openPorts.incrementAndGet();
            return port;
        });
        when(k32.CreateIoCompletionPort(any(HANDLE.class), eq(port), anyLong(), eq(0))).thenAnswer(inv -> {
            FakePipe pipe = pipesByServer.get(inv.<HANDLE>getArgument(0));
            if (pipe != null) {
                pipe.key = inv.getArgument(2);
            }
            return port;
        });
        when(k32.PostQueuedCompletionStatus(eq(port), anyInt(), anyLong(), any())).thenAnswer(inv ->
                packets.add(new Packet(inv.getArgument(2), inv.getArgument(1), inv.getArgument(3), true, 0)));
        when(k32.GetQueuedCompletionStatus(eq(port), any(), any(), any(), anyInt())).thenAnswer(inv -> {
            Packet p;
            parkedLoops.incrementAndGet();
            try {
                p = packets.take();
            } finally {
                parkedLoops.decrementAndGet();
            }
            inv.<IntByReference>getArgument(1).setValue(p.bytes());
            inv.<LongByReference>getArgument(2).setValue(p.key());
            inv.<PointerByReference>getArgument(3).setValue(p.overlapped());
            lastError.set(p.error());
            return p.ok();
        });
        when(k32.CloseHandle(any())).thenAnswer(inv -> {
            HANDLE h = inv.getArgument(0);
            closed.add(h);
            if (h.equals(port)) {
                openPorts.decrementAndGet();
            }
            FakePipe client = pipesByClient.get(h);
            if (client != null) {
                client.release();
            }
            FakeJob job = jobs.get(h);
            if (job != null) {
                job.close();
            }
            return true;
        });
    }

    // ---- processes --------------------------------------------------------------------------

    private void stubProcesses() {
        when(k32.CreateProcessW(any(), any(), any(), any(), anyBoolean(), anyInt(), any(), any(), any(), any()))
                .thenAnswer(inv -> {
                    if (createProcessError != 0) {
                        return fail(createProcessError);
                    }
                    StartupInfoEx si = inv.getArgument(8);
                    ProcessInformation pi = inv.getArgument(9);
                    FakeProcess p = new FakeProcess(pids.getAndAdd(4), newHandle(), newHandle());
                    p.application = Utf16.read(inv.getArgument(0));
                    p.commandLine = Utf16.read(inv.getArgument(1));
                    p.inheritHandles = inv.getArgument(4);
                    p.flags = inv.getArgument(5);
                    Pointer env = inv.getArgument(6);
                    p.environmentBlock = env == null ? null : readBlock(env);
                    Pointer cwd = inv.getArgument(7);
                    p.directory = cwd == null ? null : Utf16.read(cwd);
                    p.stdin = si.hStdInput;
                    p.stdout = si.hStdOutput;
                    p.stderr = si.hStdError;
                    p.startupFlags = si.dwFlags;
                    p.startupSize = si.cb;
                    p.suspended = (p.flags & Win32.CREATE_SUSPENDED) != 0;
                    for (HANDLE h : new java.util.LinkedHashSet<>(java.util.Arrays.asList(p.stdout, p.stderr))) {
                        FakePipe pipe = pipesByClient.get(h);
                        if (pipe != null) {
                            pipe.hold(p);
                        }
                    }
                    processes.put(p.pid, p);
                    byHandle.put(p.handle, p);
                    pi.hProcess = p.handle;
                    pi.hThread = p.thread;
                    pi.dwProcessId = p.pid;
                    pi.dwThreadId = p.pid + 1;
                    return true;
                });
        when(k32.ResumeThread(any())).thenAnswer(inv -> {
            for (FakeProcess p : processes.values()) {
                if (p.thread.equals(inv.getArgument(0))) {
                    p.suspended = false;
                    p.resumed = true;
                    return 1;
                }
            }
            fail(Win32Error.ERROR_INVALID_HANDLE);
            return -1;
        });
        when(k32.TerminateProcess(any(), anyInt())).thenAnswer(inv -> {
            FakeProcess p = byHandle.get(inv.<HANDLE>getArgument(0));
            if (p == null) {
                return fail(Win32Error.ERROR_INVALID_HANDLE);
            }
            p.end(inv.getArgument(1));
            return true;
        });
        when(k32.GetExitCodeProcess(any(), any())).thenAnswer(inv -> {
            FakeProcess p = byHandle.get(inv.<HANDLE>getArgument(0));
            if (p == null) {
                return fail(Win32Error.ERROR_INVALID_HANDLE);
            }
            inv.<IntByReference>getArgument(1).setValue(p.ended ? p.exitCode : Win32.STILL_ACTIVE);
            return true;
        });
        when(k32.GetProcessTimes(any(), any(), any(), any(), any())).thenAnswer(inv -> {
            inv.<LongByReference>getArgument(1).setValue(FILETIME_2024);
            return true;
        });
        when(k32.RegisterWaitForSingleObject(any(), any(), any(), any(), anyInt(), anyInt())).thenAnswer(inv -> {
            FakeProcess p = byHandle.get(inv.<HANDLE>getArgument(1));
            HANDLE wait = newHandle();
            inv.<HANDLEByReference>getArgument(0).setValue(wait);
            p.waitFlags = inv.getArgument(5);
            p.waitCallback = inv.getArgument(2);
            p.waitContext = inv.getArgument(3);
            if (p.ended) {
                p.fireWait();
            }
            return true;
        });
        when(k32.UnregisterWait(any())).thenReturn(true);
        when(k32.OpenProcess(anyInt(), anyBoolean(), anyInt())).thenAnswer(inv -> {
            FakeProcess p = processes.get(inv.<Integer>getArgument(2));
            if (p == null || p.ended) {
                fail(Win32Error.ERROR_INVALID_PARAMETER);
                return null;
            }
            HANDLE h = newHandle();
            byHandle.put(h, p);
            return h;
        });
        when(k32.K32GetProcessMemoryInfo(any(), any(), anyInt())).thenAnswer(inv -> {
            ProcessMemoryCounters c = inv.getArgument(1);
            c.WorkingSetSize = byHandle.get(inv.<HANDLE>getArgument(0)).workingSet;
            return true;
        });
        when(k32.GetProcessHandleCount(any(), any())).thenAnswer(inv -> {
            inv.<IntByReference>getArgument(1).setValue(byHandle.get(inv.<HANDLE>getArgument(0)).handleCount);
            return true;
        });
        when(k32.GetActiveProcessorCount(anyShort())).thenReturn(4);
        when(k32.InitializeProcThreadAttributeList(any(), anyInt(), anyInt(), any())).thenAnswer(inv -> {
            inv.<LongByReference>getArgument(3).setValue(48);
            return inv.getArgument(0) == null ? fail(ERROR_INSUFFICIENT_BUFFER) : true;
        });
        when(k32.UpdateProcThreadAttribute(any(), anyInt(), anyLong(), any(), anyLong(), any(), any())).thenAnswer(inv -> {
            Pointer array = inv.getArgument(3);
            long size = inv.getArgument(4);
            List<HANDLE> list = new ArrayList<>();
            for (long offset = 0; offset < size; offset += 8) {
                list.add(new HANDLE(array.getPointer(offset)));
            }
            handleLists.add(list);
            return true;
        });
        when(k32.GetCurrentProcess()).thenReturn(handle(-1));
        when(k32.GetStdHandle(anyInt())).thenAnswer(inv -> handle(0x900 + -inv.<Integer>getArgument(0)));
        when(k32.DuplicateHandle(any(), any(), any(), any(), anyInt(), anyBoolean(), anyInt())).thenAnswer(inv -> {
            inv.<HANDLEByReference>getArgument(3).setValue(newHandle());
            return true;
        });
    }

    /** The environment block as a Java string, up to and including its double NUL. */
    private static String readBlock(Pointer p) {
        StringBuilder s = new StringBuilder();
        for (long offset = 0; ; offset += 2) {
            char c = (char) p.getShort(offset);
            s.append(c);
            if (c == 0 && s.length() >= 2 && s.charAt(s.length() - 2) == 0) {
                return s.toString();
            }
        }
    }

    // ---- jobs -------------------------------------------------------------------------------

    private void stubJobs() {
        when(k32.CreateJobObjectW(any(), any())).thenAnswer(inv -> {
            FakeJob job = new FakeJob(newHandle());
            jobs.put(job.handle, job);
            return job.handle;
        });
        when(k32.SetInformationJobObject(any(), anyInt(), any(), anyInt())).thenAnswer(inv -> {
            FakeJob job = jobs.get(inv.<HANDLE>getArgument(0));
            int infoClass = inv.getArgument(1);
            if (job == null || job.closed) {
                return fail(Win32Error.ERROR_INVALID_HANDLE);
            }
            if (failingJobClasses.contains(infoClass)) {
                return fail(Win32Error.ERROR_INVALID_PARAMETER);
            }
            Pointer info = inv.getArgument(2);
            job.settings.put(infoClass, info.getByteArray(0, inv.getArgument(3)));
            if (infoClass == Win32.JOB_ASSOCIATE_COMPLETION_PORT) {
                job.key = info.getLong(0);
            }
            return true;
        });
        when(k32.SetIoRateControlInformationJobObject(any(), any())).thenAnswer(inv -> {
            if (!ioRateControl) {
                fail(Win32Error.ERROR_NOT_SUPPORTED);
                return 0;
            }
            FakeJob job = jobs.get(inv.<HANDLE>getArgument(0));
            job.settings.put(-1, inv.<Pointer>getArgument(1).getByteArray(0, 40));
            return 1;
        });
        when(k32.AssignProcessToJobObject(any(), any())).thenAnswer(inv -> {
            if (assignError != 0) {
                return fail(assignError);
            }
            FakeJob job = jobs.get(inv.<HANDLE>getArgument(0));
            FakeProcess p = byHandle.get(inv.<HANDLE>getArgument(1));
            job.processes.add(p);
            p.job = job;
            return true;
        });
        when(k32.TerminateJobObject(any(), anyInt())).thenAnswer(inv -> {
            FakeJob job = jobs.get(inv.<HANDLE>getArgument(0));
            if (job == null || job.closed) {
                return fail(Win32Error.ERROR_INVALID_HANDLE);
            }
            job.terminatedWith = inv.getArgument(1);
            for (FakeProcess p : job.processes) {
                p.end(inv.getArgument(1));
            }
            return true;
        });
        when(k32.QueryInformationJobObject(any(), anyInt(), any(), anyInt(), any())).thenAnswer(inv -> {
            FakeJob job = jobs.get(inv.<HANDLE>getArgument(0));
            Pointer info = inv.getArgument(2);
            int length = inv.getArgument(3);
            switch (inv.<Integer>getArgument(1)) {
                case Win32.JOB_BASIC_AND_IO_ACCOUNTING -> {
                    JobObjectBasicAndIoAccountingInformation a = new JobObjectBasicAndIoAccountingInformation(info);
                    a.BasicInfo.TotalUserTime = job.userTime;
                    a.BasicInfo.TotalKernelTime = job.kernelTime;
                    a.BasicInfo.ActiveProcesses = job.active().size();
                    a.BasicInfo.TotalProcesses = job.processes.size();
                    a.IoInfo.ReadTransferCount = job.readBytes;
                    a.IoInfo.WriteTransferCount = job.writeBytes;
                    a.write();
                    return true;
                }
                case Win32.JOB_EXTENDED_LIMIT -> {
                    JobObjectExtendedLimitInformation e = new JobObjectExtendedLimitInformation(info);
                    e.PeakJobMemoryUsed = job.peakCommit;
                    e.write();
                    return true;
                }
                case Win32.JOB_BASIC_PROCESS_ID_LIST -> {
                    List<FakeProcess> active = job.active();
                    int capacity = ProcessIdList.capacity(length);
                    int n = Math.min(capacity, active.size());
                    info.setInt(ProcessIdList.ASSIGNED_OFFSET, active.size());
                    info.setInt(ProcessIdList.IN_LIST_OFFSET, n);
                    for (int i = 0; i < n; i++) {
                        info.setLong(ProcessIdList.IDS_OFFSET + 8L * i, active.get(i).pid);
                    }
                    return n == active.size() ? true : fail(Win32Error.ERROR_MORE_DATA);
                }
                default -> {
                    return fail(Win32Error.ERROR_INVALID_PARAMETER);
                }
            }
        });
    }

    /** Posts a Job Object message, as Windows does to an associated port. */
    void jobMessage(FakeJob job, int message, int pid) {
        packets.add(new Packet(job.key, message, new Pointer(pid), true, 0));
    }

    // ---- files and pipes --------------------------------------------------------------------

    private void stubFiles() {
        when(k32.CreateNamedPipeW(any(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), anyInt(), any()))
                .thenAnswer(inv -> {
                    FakePipe pipe = new FakePipe(Utf16.read(inv.getArgument(0)), newHandle());
                    pipe.openMode = inv.getArgument(1);
                    pipe.pipeMode = inv.getArgument(2);
                    pipesByName.put(pipe.name, pipe);
                    pipesByServer.put(pipe.server, pipe);
                    return pipe.server;
                });
        when(k32.CreateFileW(any(), anyInt(), anyInt(), any(), anyInt(), anyInt(), any())).thenAnswer(inv -> {
            String name = Utf16.read(inv.getArgument(0));
            SecurityAttributes sa = inv.getArgument(3);
            FakePipe pipe = pipesByName.get(name);
            HANDLE h = newHandle();
            if (pipe != null) {
                pipe.client = h;
                pipe.holders.incrementAndGet(); // the master's copy, until it closes it
                pipesByClient.put(h, pipe);
                pipe.clientInheritable = sa != null && sa.bInheritHandle;
                return h;
            }
            files.add(new OpenedFile(name, inv.getArgument(1), inv.getArgument(4), h, sa != null && sa.bInheritHandle));
            return h;
        });
        when(k32.ReadFile(any(), any(), anyInt(), any(), any())).thenAnswer(inv -> {
            FakePipe pipe = pipesByServer.get(inv.<HANDLE>getArgument(0));
            return pipe.read(inv.getArgument(1), inv.getArgument(2), inv.getArgument(4));
        });
        when(k32.CancelIoEx(any(), any())).thenAnswer(inv -> pipesByServer.get(inv.<HANDLE>getArgument(0)).cancel());
    }

    // ---- consoles and windows ---------------------------------------------------------------

    private void stubConsoleAndWindows() {
        when(k32.GetConsoleProcessList(any(), anyInt())).thenAnswer(inv -> masterHasConsole ? 2 : 0);
        when(k32.GenerateConsoleCtrlEvent(anyInt(), anyInt())).thenAnswer(inv -> {
            int event = inv.getArgument(0);
            int group = inv.getArgument(1);
            consoleCalls.add("ctrl " + event + " " + group);
            FakeProcess leader = processes.get(group);
            if (leader == null || leader.ended) {
                return fail(Win32Error.ERROR_INVALID_PARAMETER);
            }
            leader.onBreak.accept(event);
            return true;
        });
        when(k32.AttachConsole(anyInt())).thenAnswer(inv -> consoleCalls.add("attach " + inv.getArgument(0)));
        when(k32.FreeConsole()).thenAnswer(inv -> consoleCalls.add("free"));
        when(user32.EnumWindows(any(), any())).thenAnswer(inv -> {
            User32.EnumWindowsProc proc = inv.getArgument(0);
            for (FakeWindow w : windows) {
                if (!proc.callback(w.hwnd, inv.getArgument(1))) {
                    break;
                }
            }
            return true;
        });
        when(user32.GetWindowThreadProcessId(any(), any())).thenAnswer(inv -> {
            FakeWindow w = window(inv.getArgument(0));
            inv.<IntByReference>getArgument(1).setValue(w.pid);
            return 1;
        });
        when(user32.IsWindowVisible(any())).thenAnswer(inv -> window(inv.getArgument(0)).visible);
        when(user32.GetWindow(any(), eq(Win32.GW_OWNER))).thenAnswer(inv -> window(inv.getArgument(0)).owner);
        when(user32.PostMessageW(any(), anyInt(), anyLong(), anyLong())).thenAnswer(inv -> {
            HWND hwnd = inv.getArgument(0);
            if (inv.<Integer>getArgument(1) == Win32.WM_CLOSE) {
                closedWindows.add(hwnd);
                FakeProcess p = processes.get(window(hwnd).pid);
                if (p != null && p.closesOnWmClose) {
                    p.end(0);
                }
            }
            return true;
        });
    }

    FakeWindow addWindow(int pid, boolean visible, HWND owner) {
        FakeWindow w = new FakeWindow(new HWND(new Pointer(handles.getAndAdd(4))), pid, visible, owner);
        windows.add(w);
        return w;
    }

    private FakeWindow window(HWND hwnd) {
        return windows.stream().filter(w -> w.hwnd.equals(hwnd)).findFirst().orElseThrow();
    }

    // ---- the fakes ----------------------------------------------------------------------------

    record FakeWindow(HWND hwnd, int pid, boolean visible, HWND owner) {
    }

    final class FakeProcess {
        final int pid;
        final HANDLE handle;
        final HANDLE thread;
        volatile String application;
        volatile String commandLine;
        volatile String environmentBlock;
        volatile String directory;
        volatile boolean inheritHandles;
        volatile int flags;
        volatile int startupFlags;
        volatile int startupSize;
        volatile HANDLE stdin;
        volatile HANDLE stdout;
        volatile HANDLE stderr;
        volatile boolean suspended;
        volatile boolean resumed;
        volatile boolean ended;
        volatile int exitCode;
        volatile FakeJob job;
        volatile Kernel32.WaitCallback waitCallback;
        volatile Pointer waitContext;
        volatile int waitFlags;
        volatile long workingSet = 10 << 20;
        volatile int handleCount = 30;
        volatile boolean closesOnWmClose;
        /** What a console event does to it: by default, the default handler's exit. */
        volatile IntConsumer onBreak = event -> end(Win32.STATUS_CONTROL_C_EXIT);
        final List<FakePipe> holding = new CopyOnWriteArrayList<>();

        FakeProcess(int pid, HANDLE handle, HANDLE thread) {
            this.pid = pid;
            this.handle = handle;
            this.thread = thread;
        }

        /** The process ends: its pipe ends close, and the registered wait fires (on a pool thread). */
        synchronized void end(int code) {
            if (ended) {
                return;
            }
            ended = true;
            exitCode = code;
            for (FakePipe pipe : holding) {
                pipe.release();
            }
            if (waitCallback != null) {
                fireWait();
            }
        }

        void fireWait() {
            Kernel32.WaitCallback cb = waitCallback;
            Pointer context = waitContext;
            runningWaits.incrementAndGet();
            Thread.ofPlatform().name("fake-wait-" + pid).start(() -> {
                try {
                    cb.callback(context, (byte) 0);
                } finally {
                    runningWaits.decrementAndGet();
                }
            });
        }

        /** Writes to the pipe behind its stdout. */
        void writeStdout(String text) {
            pipesByClient.get(stdout).write(text.getBytes(StandardCharsets.UTF_8));
        }

        void writeStderr(String text) {
            pipesByClient.get(stderr).write(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The environment block as NAME=value entries. */
        List<String> environment() {
            List<String> entries = new ArrayList<>(List.of(environmentBlock.split("\0", -1)));
            entries.removeIf(String::isEmpty);
            return entries;
        }
    }

    final class FakeJob {
        final HANDLE handle;
        final Map<Integer, byte[]> settings = new ConcurrentHashMap<>();
        final List<FakeProcess> processes = new CopyOnWriteArrayList<>();
        volatile long key;
        volatile boolean closed;
        volatile Integer terminatedWith;
        volatile long userTime;
        volatile long kernelTime;
        volatile long readBytes;
        volatile long writeBytes;
        volatile long peakCommit;

        FakeJob(HANDLE handle) {
            this.handle = handle;
        }

        List<FakeProcess> active() {
            List<FakeProcess> active = new ArrayList<>();
            for (FakeProcess p : processes) {
                if (!p.ended) {
                    active.add(p);
                }
            }
            return active;
        }

        /** KILL_ON_JOB_CLOSE. */
        void close() {
            closed = true;
            for (FakeProcess p : processes) {
                p.end(0);
            }
        }

        /** A fresh process of the job, started by a process of the unit (a descendant). */
        FakeProcess spawnDescendant() {
            FakeProcess p = new FakeProcess(pids.getAndAdd(4), newHandle(), newHandle());
            Win32Mocks.this.processes.put(p.pid, p);
            byHandle.put(p.handle, p);
            p.job = this;
            this.processes.add(p);
            return p;
        }

        <T extends Win32Structure> T setting(int infoClass, java.util.function.Function<Pointer, T> view) {
            byte[] bytes = settings.get(infoClass);
            com.sun.jna.Memory m = new com.sun.jna.Memory(bytes.length);
            m.write(0, bytes, 0, bytes.length);
            return view.apply(m);
        }
    }

    final class FakePipe {
        final String name;
        final HANDLE server;
        volatile HANDLE client;
        volatile boolean clientInheritable;
        volatile int openMode;
        volatile int pipeMode;
        volatile long key = -1;
        final AtomicInteger holders = new AtomicInteger();
        private final List<byte[]> queued = new ArrayList<>();
        private Pointer pendingBuffer;
        private Pointer pendingOverlapped;
        private int pendingSize;

        FakePipe(String name, HANDLE server) {
            this.name = name;
            this.server = server;
        }

        void hold(FakeProcess p) {
            holders.incrementAndGet();
            p.holding.add(this);
        }

        synchronized boolean read(Pointer buffer, int size, Pointer overlapped) {
            if (!queued.isEmpty()) {
                int n = take(buffer, size);
                overlapped.setLong(0, 0);
                packets.add(new Packet(key, n, overlapped, true, 0));
                return true;
            }
            if (holders.get() == 0) {
                return fail(Win32Error.ERROR_BROKEN_PIPE);
            }
            pendingBuffer = buffer;
            pendingOverlapped = overlapped;
            pendingSize = size;
            overlapped.setLong(0, Win32.STATUS_PENDING);
            return fail(Win32Error.ERROR_IO_PENDING);
        }

        synchronized void write(byte[] bytes) {
            queued.add(bytes);
            if (pendingOverlapped != null) {
                int n = take(pendingBuffer, pendingSize);
                pendingOverlapped.setLong(0, 0);
                packets.add(new Packet(key, n, pendingOverlapped, true, 0));
                pendingOverlapped = null;
            }
        }

        synchronized void release() {
            if (holders.decrementAndGet() == 0 && pendingOverlapped != null && queued.isEmpty()) {
                pendingOverlapped.setLong(0, 0xC000014BL); // STATUS_PIPE_BROKEN
                packets.add(new Packet(key, 0, pendingOverlapped, false, Win32Error.ERROR_BROKEN_PIPE));
                pendingOverlapped = null;
            }
        }

        synchronized boolean cancel() {
            if (pendingOverlapped == null) {
                return fail(1168); // ERROR_NOT_FOUND
            }
            pendingOverlapped.setLong(0, 0xC0000120L); // STATUS_CANCELLED
            packets.add(new Packet(key, 0, pendingOverlapped, false, Win32Error.ERROR_OPERATION_ABORTED));
            pendingOverlapped = null;
            return true;
        }

        private int take(Pointer buffer, int size) {
            byte[] head = queued.get(0);
            int n = Math.min(size, head.length);
            buffer.write(0, head, 0, n);
            if (n == head.length) {
                queued.remove(0);
            } else {
                queued.set(0, java.util.Arrays.copyOfRange(head, n, head.length));
            }
            return n;
        }
    }

    /** Every handle CloseHandle was called with, in no order. */
    Set<HANDLE> closedHandles() {
        return Collections.unmodifiableSet(closed);
    }
}

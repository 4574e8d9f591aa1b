package dev.hsu.macos.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyShort;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Mockito mocks of libSystem and libproc whose answers behave like a small Darwin: posix_spawn that
 * records its file actions and attributes and starts a fake process; pipes with writers and
 * readers; a kqueue whose read events are level-triggered and computed when fetched (as the kernel
 * does) and whose EVFILT_PROC knotes fire once at exit; waitpid, kill on pids and groups with
 * default signal actions; libproc answers about a process table with parents, groups and start
 * times. Tests drive the children (write, exit, spawn descendants).
 */
final class DarwinMocks {
    static final int KQ = 100;

    final MacLibc libc = mock(MacLibc.class);
    final MacLibProc libproc = mock(MacLibProc.class);
    final Map<Integer, Proc> procs = new ConcurrentHashMap<>();
    final Map<Integer, FakePipe> pipesByFd = new ConcurrentHashMap<>();
    final List<String> kills = new CopyOnWriteArrayList<>();
    final Map<Long, List<Object>> fileActions = new ConcurrentHashMap<>();
    final Map<Long, Attr> attrs = new ConcurrentHashMap<>();
    final BlockingQueue<long[]> ready = new LinkedBlockingQueue<>(); // {kind, key, udata}: computed when fetched
    final Map<Integer, Long> readWatches = new ConcurrentHashMap<>();
    final java.util.Set<Integer> disabledReads = ConcurrentHashMap.newKeySet();
    final Map<Integer, Long> exitWatches = new ConcurrentHashMap<>();
    volatile int spawnError;
    /** Runs at the end of posix_spawn with the new pid (to make a child exit at once). */
    volatile IntConsumer afterSpawn = pid -> { };
    volatile boolean blockingRead;
    /** Read events handed out for a pipe whose knote is disabled (must stay 0: no wake-ups while paused). */
    final AtomicInteger eventsWhileDisabled = new AtomicInteger();
    volatile int euid = 501;
    volatile int niceness;
    volatile long maxFilesPerProc = 61440;
    volatile long hardNofile = Darwin.RLIM_INFINITY;
    volatile int timebaseNumer = 125;
    volatile int timebaseDenom = 3;

    private final ThreadLocal<Integer> errno = ThreadLocal.withInitial(() -> 0);
    private final AtomicInteger pids = new AtomicInteger(30000);
    private final AtomicInteger fds = new AtomicInteger(10);
    private static final long KIND_READ = 1;
    private static final long KIND_EXIT = 2;
    private static final long KIND_USER = 3;

    /** posix_spawn attributes as recorded. */
    static final class Attr {
        volatile short flags;
        volatile int pgroup = -1;
        volatile int sigmask = -1;
        volatile int sigdefault;
    }

    int fail(int e) {
        errno.set(e);
        return -1;
    }

    DarwinMocks() {
        when(libc.lastError()).thenAnswer(inv -> errno.get());
        when(libc.getpid()).thenReturn(1000);
        when(libc.geteuid()).thenAnswer(inv -> euid);
        when(libc.getpriority(anyInt(), anyInt())).thenAnswer(inv -> niceness);
        when(libc.sysctlbyname(anyString(), any(), any(), any(), anyLong())).thenAnswer(inv -> {
            String name = inv.getArgument(0);
            long value = name.equals("kern.maxfilesperproc") ? maxFilesPerProc : 2666;
            inv.<Pointer>getArgument(1).setInt(0, (int) value);
            inv.<LongByReference>getArgument(2).setValue(4);
            return 0;
        });
        when(libc.getrlimit(anyInt(), any())).thenAnswer(inv -> {
            Pointer p = inv.getArgument(1);
            p.setLong(0, 256);
            p.setLong(8, hardNofile);
            return 0;
        });
        when(libc.mach_timebase_info(any())).thenAnswer(inv -> {
            Pointer p = inv.getArgument(0);
            p.setInt(0, timebaseNumer);
            p.setInt(4, timebaseDenom);
            return 0;
        });
        stubSpawn();
        stubKqueue();
        stubPipes();
        stubProcesses();
        stubLibproc();
    }

    // ---- spawn ------------------------------------------------------------------------------

    private void stubSpawn() {
        when(libc.posix_spawn_file_actions_init(any())).thenAnswer(inv -> {
            fileActions.put(Pointer.nativeValue(inv.getArgument(0)), new CopyOnWriteArrayList<>());
            return 0;
        });
        when(libc.posix_spawn_file_actions_destroy(any())).thenReturn(0);
        when(libc.posix_spawn_file_actions_adddup2(any(), anyInt(), anyInt())).thenAnswer(inv ->
                action(inv.getArgument(0), new SpawnPlan.FdAction.Dup2(inv.getArgument(1), inv.getArgument(2))));
        when(libc.posix_spawn_file_actions_addopen(any(), anyInt(), any(), anyInt(), anyInt())).thenAnswer(inv ->
                action(inv.getArgument(0), new SpawnPlan.FdAction.Open(inv.getArgument(1),
                        CStrings.read(inv.getArgument(2)), inv.getArgument(3), inv.getArgument(4))));
        when(libc.posix_spawn_file_actions_addinherit_np(any(), anyInt())).thenAnswer(inv ->
                action(inv.getArgument(0), new SpawnPlan.FdAction.Inherit(inv.getArgument(1))));
        when(libc.posix_spawn_file_actions_addchdir_np(any(), any())).thenAnswer(inv ->
                action(inv.getArgument(0), "chdir " + CStrings.read(inv.getArgument(1))));
        when(libc.posix_spawnattr_init(any())).thenAnswer(inv -> {
            attrs.put(Pointer.nativeValue(inv.getArgument(0)), new Attr());
            return 0;
        });
        when(libc.posix_spawnattr_destroy(any())).thenReturn(0);
        when(libc.posix_spawnattr_setflags(any(), anyShort())).thenAnswer(inv -> {
            attr(inv.getArgument(0)).flags = inv.getArgument(1);
            return 0;
        });
        when(libc.posix_spawnattr_setpgroup(any(), anyInt())).thenAnswer(inv -> {
            attr(inv.getArgument(0)).pgroup = inv.getArgument(1);
            return 0;
        });
        when(libc.posix_spawnattr_setsigmask(any(), any())).thenAnswer(inv -> {
            attr(inv.getArgument(0)).sigmask = inv.<Pointer>getArgument(1).getInt(0);
            return 0;
        });
        when(libc.posix_spawnattr_setsigdefault(any(), any())).thenAnswer(inv -> {
            attr(inv.getArgument(0)).sigdefault = inv.<Pointer>getArgument(1).getInt(0);
            return 0;
        });
        when(libc.posix_spawn(any(), any(), any(), any(), any(), any())).thenAnswer(inv -> {
            if (spawnError != 0) {
                return spawnError;
            }
            Proc p = new Proc(pids.getAndAdd(3), 1000, -1);
            p.launched = true;
            p.path = CStrings.read(inv.getArgument(1));
            p.actions = List.copyOf(fileActions.get(Pointer.nativeValue(inv.getArgument(2))));
            p.attr = attrs.get(Pointer.nativeValue(inv.getArgument(3)));
            p.argv = CStrings.readArray(inv.getArgument(4));
            p.envp = CStrings.readArray(inv.getArgument(5));
            p.pgid = p.attr.pgroup == 0 ? p.pid : 1000;
            for (Object a : p.actions) {
                if (a instanceof SpawnPlan.FdAction.Dup2 dup && pipesByFd.containsKey(dup.from())) {
                    FakePipe pipe = pipesByFd.get(dup.from());
                    if (!p.holding.contains(pipe)) {
                        pipe.writers.incrementAndGet();
                        p.holding.add(pipe);
                    }
                }
            }
            procs.put(p.pid, p);
            inv.<Pointer>getArgument(0).setInt(0, p.pid);
            afterSpawn.accept(p.pid);
            return 0;
        });
    }

    private int action(Pointer actions, Object action) {
        fileActions.get(Pointer.nativeValue(actions)).add(action);
        return 0;
    }

    private Attr attr(Pointer p) {
        return attrs.get(Pointer.nativeValue(p));
    }

    // ---- kqueue -----------------------------------------------------------------------------

    private void stubKqueue() {
        when(libc.kqueue()).thenReturn(KQ);
        when(libc.kevent(anyInt(), any(), anyInt(), any(), anyInt(), any())).thenAnswer(inv -> {
            Pointer changes = inv.getArgument(1);
            if (changes != null) {
                return change(new Kevent(changes));
            }
            Pointer events = inv.getArgument(3);
            while (true) {
                long[] r = ready.take();
                Kevent out = event(r);
                if (out != null) {
                    out.write();
                    events.write(0, out.getPointer().getByteArray(0, out.size()), 0, out.size());
                    return 1;
                }
            }
        });
    }

    private int change(Kevent k) {
        if (k.filter == Darwin.EVFILT_USER) {
            if ((k.fflags & Darwin.NOTE_TRIGGER) != 0) {
                ready.add(new long[] {KIND_USER, k.ident, k.udata});
            }
            return 0;
        }
        if (k.filter == Darwin.EVFILT_READ) {
            if ((k.flags & Darwin.EV_ADD) != 0) {
                readWatches.put((int) k.ident, k.udata);
                if ((k.flags & Darwin.EV_DISABLE) != 0) {
                    disabledReads.add((int) k.ident);
                }
                ready.add(new long[] {KIND_READ, k.ident, k.udata});
            } else if ((k.flags & Darwin.EV_DELETE) != 0) {
                readWatches.remove((int) k.ident);
            } else if ((k.flags & Darwin.EV_DISABLE) != 0) {
                disabledReads.add((int) k.ident);
            } else if ((k.flags & Darwin.EV_ENABLE) != 0) {
                disabledReads.remove((int) k.ident);
                ready.add(new long[] {KIND_READ, k.ident, k.udata}); // re-evaluated when enabled
            }
            return 0;
        }
        if (k.filter == Darwin.EVFILT_PROC) {
            Proc p = procs.get((int) k.ident);
            if (p == null || p.exited) {
                return fail(Errno.ESRCH);
            }
            exitWatches.put(p.pid, k.udata);
            return 0;
        }
        return fail(Errno.EINVAL);
    }

    /** The event for a readiness record, computed now; null if it no longer applies. */
    private Kevent event(long[] r) {
        Kevent e = new Kevent();
        e.udata = r[2];
        if (r[0] == KIND_USER) {
            e.filter = Darwin.EVFILT_USER;
            e.ident = r[1];
            return e;
        }
        if (r[0] == KIND_EXIT) {
            e.filter = Darwin.EVFILT_PROC;
            e.ident = r[1];
            e.fflags = Darwin.NOTE_EXIT;
            return e;
        }
        int fd = (int) r[1];
        Long watch = readWatches.get(fd);
        FakePipe pipe = pipesByFd.get(fd);
        if (watch == null || watch != r[2] || pipe == null || disabledReads.contains(fd)) {
            return null;
        }
        synchronized (pipe) {
            int available = pipe.buffer.size();
            boolean eof = pipe.writers.get() == 0;
            if (available == 0 && !eof) {
                return null; // not readable any more: level-triggered
            }
            e.filter = Darwin.EVFILT_READ;
            e.ident = fd;
            e.data = available;
            e.flags = eof ? Darwin.EV_EOF : 0;
            return e;
        }
    }

    // ---- pipes ------------------------------------------------------------------------------

    private void stubPipes() {
        when(libc.pipe(any())).thenAnswer(inv -> {
            FakePipe pipe = new FakePipe(fds.getAndAdd(2));
            pipesByFd.put(pipe.readFd, pipe);
            pipesByFd.put(pipe.writeFd, pipe);
            inv.<Pointer>getArgument(0).setInt(0, pipe.readFd);
            inv.<Pointer>getArgument(0).setInt(4, pipe.writeFd);
            return 0;
        });
        when(libc.read(anyInt(), any(), anyLong())).thenAnswer(inv -> {
            FakePipe pipe = pipesByFd.get(inv.<Integer>getArgument(0));
            return pipe.read(inv.getArgument(1), inv.getArgument(2));
        });
        when(libc.poll(any(), anyInt(), anyInt())).thenAnswer(inv -> {
            Pointer p = inv.getArgument(0);
            FakePipe pipe = pipesByFd.get(p.getInt(0));
            short revents = 0;
            synchronized (pipe) {
                if (pipe.buffer.size() > 0) {
                    revents |= Darwin.POLLIN;
                }
                if (pipe.writers.get() == 0) {
                    revents |= Darwin.POLLHUP;
                }
            }
            p.setShort(6, revents);
            return revents != 0 ? 1 : 0;
        });
        when(libc.close(anyInt())).thenAnswer(inv -> {
            int fd = inv.getArgument(0);
            FakePipe pipe = pipesByFd.get(fd);
            if (pipe != null) {
                if (fd == pipe.writeFd && !pipe.masterWriteClosed) {
                    pipe.masterWriteClosed = true;
                    pipe.release();
                } else if (fd == pipe.readFd) {
                    pipe.readClosed = true;
                }
            }
            return 0;
        });
    }

    final class FakePipe {
        final int readFd;
        final int writeFd;
        final AtomicInteger writers = new AtomicInteger(1); // the master's write end until it closes it
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        volatile boolean masterWriteClosed;
        volatile boolean readClosed;

        FakePipe(int readFd) {
            this.readFd = readFd;
            this.writeFd = readFd + 1;
        }

        void write(String text) {
            synchronized (this) {
                buffer.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            }
            notifyReadable();
        }

        void release() {
            writers.decrementAndGet();
            notifyReadable();
        }

        synchronized long read(Pointer into, long count) {
            byte[] all = buffer.toByteArray();
            if (all.length == 0) {
                if (writers.get() == 0) {
                    return 0;
                }
                blockingRead = true; // the adapter must never get here: it would block
                return fail(Errno.EAGAIN);
            }
            int n = (int) Math.min(count, all.length);
            into.write(0, all, 0, n);
            buffer.reset();
            buffer.write(all, n, all.length - n);
            if (buffer.size() > 0 || writers.get() == 0) {
                notifyReadable(); // level-triggered: still readable
            }
            return n;
        }

        private void notifyReadable() {
            Long watch = readWatches.get(readFd);
            if (watch != null) {
                ready.add(new long[] {KIND_READ, readFd, watch});
            }
        }
    }

    // ---- processes --------------------------------------------------------------------------

    private void stubProcesses() {
        when(libc.waitpid(anyInt(), any(), anyInt())).thenAnswer(inv -> {
            Proc p = procs.get(inv.<Integer>getArgument(0));
            if (p == null || p.reaped || !p.launched) {
                return fail(Errno.ECHILD);
            }
            if (!p.exited) {
                if ((inv.<Integer>getArgument(2) & Darwin.WNOHANG) != 0) {
                    return 0;
                }
                p.exitedLatch.await(); // a blocking wait: only for a process that is exiting
            }
            inv.<Pointer>getArgument(1).setInt(0, p.status);
            p.reaped = true;
            procs.remove(p.pid);
            return p.pid;
        });
        when(libc.kill(anyInt(), anyInt())).thenAnswer(inv -> {
            int target = inv.getArgument(0);
            int signal = inv.getArgument(1);
            kills.add(target + " " + signal);
            List<Proc> hit = new ArrayList<>();
            for (Proc p : procs.values()) {
                if (!p.reaped && (target > 0 ? p.pid == target : p.pgid == -target)) {
                    hit.add(p);
                }
            }
            if (hit.isEmpty()) {
                return fail(Errno.ESRCH);
            }
            if (signal != 0) {
                for (Proc p : hit) {
                    p.deliver(signal);
                }
            }
            return 0;
        });
    }

    final class Proc {
        final int pid;
        volatile int ppid;
        volatile int pgid;
        final long startMicros;
        volatile boolean launched;
        volatile String path;
        volatile List<String> argv;
        volatile List<String> envp;
        volatile List<Object> actions;
        volatile Attr attr;
        volatile boolean exited;
        volatile boolean reaped;
        volatile boolean stopped;
        volatile int status;
        volatile long cpuTicks = 3_000;
        volatile long rss = 5 << 20;
        volatile int threads = 2;
        volatile int openFds = 4;
        final java.util.concurrent.CountDownLatch exitedLatch = new java.util.concurrent.CountDownLatch(1);
        final List<FakePipe> holding = new CopyOnWriteArrayList<>();
        /** What a caught signal does; default: the default action. */
        final Map<Integer, IntConsumer> traps = new ConcurrentHashMap<>();

        Proc(int pid, int ppid, int pgid) {
            this.pid = pid;
            this.ppid = ppid;
            this.pgid = pgid;
            this.startMicros = 1_700_000_000_000_000L + pid;
        }

        void deliver(int signal) {
            IntConsumer trap = traps.get(signal);
            if (trap != null) {
                trap.accept(signal);
            } else if (signal == MacSignals.SIGSTOP || signal == 18) {
                stopped = true;
            } else if (signal == 19) {
                stopped = false;
            } else if (signal != 20 && signal != 28) {
                killedBy(signal);
            }
        }

        void exit(int code) {
            end(code << 8);
        }

        void killedBy(int signal) {
            end(signal);
        }

        synchronized void end(int waitStatus) {
            if (exited) {
                return;
            }
            exited = true;
            status = waitStatus;
            for (FakePipe pipe : holding) {
                pipe.release();
            }
            if (!launched) {
                procs.remove(pid); // a descendant: reaped by its parent or launchd at once
            }
            exitedLatch.countDown();
            Long watch = exitWatches.remove(pid);
            if (watch != null) {
                ready.add(new long[] {KIND_EXIT, pid, watch});
            }
        }

        /** A descendant of this process, in its group unless {@code newGroup}. */
        Proc spawn(boolean newGroup) {
            Proc child = new Proc(pids.getAndAdd(3), pid, -1);
            child.pgid = newGroup ? child.pid : pgid;
            procs.put(child.pid, child);
            return child;
        }

        FakePipe stdoutPipe() {
            for (Object a : actions) {
                if (a instanceof SpawnPlan.FdAction.Dup2 dup && dup.to() == 1) {
                    return pipesByFd.get(dup.from());
                }
            }
            throw new AssertionError("stdout is not a pipe");
        }
    }

    /** The parent exits and the child is reparented (to launchd): its parent link to the unit is gone. */
    void orphan(Proc child) {
        child.ppid = 1;
    }

    // ---- libproc ----------------------------------------------------------------------------

    private void stubLibproc() {
        when(libproc.proc_pidinfo(anyInt(), anyInt(), anyLong(), any(), anyInt())).thenAnswer(inv -> {
            int pid = inv.getArgument(0);
            int flavor = inv.getArgument(1);
            Pointer buffer = inv.getArgument(3);
            Proc p = pid == 1000 ? new Proc(1000, 1, 1000) : procs.get(pid);
            if (p == null) {
                return fail(Errno.ESRCH);
            }
            switch (flavor) {
                case Darwin.PROC_PIDTBSDINFO -> {
                    ProcBsdInfo info = new ProcBsdInfo(buffer);
                    info.pbi_pid = p.pid;
                    info.pbi_ppid = p.ppid;
                    info.pbi_pgid = p.pgid;
                    info.pbi_status = p.exited ? Darwin.SZOMB : 2;
                    info.pbi_start_tvsec = p.startMicros / 1_000_000;
                    info.pbi_start_tvusec = p.startMicros % 1_000_000;
                    info.write();
                    return info.size();
                }
                case Darwin.PROC_PIDTASKINFO -> {
                    ProcTaskInfo info = new ProcTaskInfo(buffer);
                    info.pti_threadnum = p.threads;
                    info.write();
                    return info.size();
                }
                case Darwin.PROC_PIDLISTFDS -> {
                    return p.openFds * Darwin.PROC_PIDLISTFD_SIZE;
                }
                default -> {
                    return fail(Errno.EINVAL);
                }
            }
        });
        when(libproc.proc_pid_rusage(anyInt(), anyInt(), any())).thenAnswer(inv -> {
            Proc p = procs.get(inv.<Integer>getArgument(0));
            if (p == null || p.exited) {
                return fail(Errno.ESRCH);
            }
            RusageInfoV4 u = new RusageInfoV4(inv.getArgument(2));
            u.ri_user_time = p.cpuTicks;
            u.ri_system_time = p.cpuTicks;
            u.ri_resident_size = p.rss;
            u.ri_lifetime_max_phys_footprint = p.rss * 2;
            u.ri_diskio_bytesread = 100;
            u.ri_diskio_byteswritten = 200;
            u.write();
            return 0;
        });
        when(libproc.proc_listpids(anyInt(), anyInt(), any(), anyInt())).thenAnswer(inv -> {
            int type = inv.getArgument(0);
            int info = inv.getArgument(1);
            List<Integer> match = new ArrayList<>();
            for (Proc p : procs.values()) {
                if (!p.reaped && ((type == Darwin.PROC_PPID_ONLY && p.ppid == info)
                        || (type == Darwin.PROC_PGRP_ONLY && p.pgid == info))) {
                    match.add(p.pid);
                }
            }
            Pointer buffer = inv.getArgument(2);
            if (buffer == null) {
                return match.size() * 4;
            }
            int n = Math.min(match.size(), inv.<Integer>getArgument(3) / 4);
            for (int i = 0; i < n; i++) {
                buffer.setInt(4L * i, match.get(i));
            }
            return n * 4;
        });
    }
}

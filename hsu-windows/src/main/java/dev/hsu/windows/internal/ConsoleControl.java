package dev.hsu.windows.internal;

import com.sun.jna.Memory;

/**
 * Sends CTRL_BREAK, the graceful stop of a console program, to one child's process group.
 *
 * <p>Every child is created with {@code CREATE_NEW_PROCESS_GROUP}: it leads a group of its own,
 * which {@code GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, pid)} reaches without reaching the
 * master. Two known traps are avoided that way: sending to group 0 (every process on the console,
 * the master included, whose own Ctrl+C handling would then fire), and children that share the
 * master's group (a user's Ctrl+C on the master's console would hit every unit at once, behind the
 * supervisor's back; a new group also ignores CTRL_C).
 *
 * <p>An event reaches only processes on the sender's console. A master with a console (run from a
 * terminal) lets its children share it. A master without one (a service) gives each child a
 * console of its own without a window ({@code CREATE_NO_WINDOW}) and, to signal it, attaches to
 * that console for the duration of the call ({@code AttachConsole}/{@code FreeConsole}, one at a
 * time): a master with a console never detaches from its own, which would break its Ctrl+C.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class ConsoleControl {
    private static final Object ATTACH_LOCK = new Object();

    private final Kernel32 k32;
    private final boolean masterHasConsole;

    ConsoleControl(Kernel32 k32) {
        this(k32, masterHasConsole(k32));
    }

    ConsoleControl(Kernel32 k32, boolean masterHasConsole) {
        this.k32 = k32;
        this.masterHasConsole = masterHasConsole;
    }

    static boolean masterHasConsole(Kernel32 k32) {
        try (Memory pids = new Memory(4 * 4)) {
            return k32.GetConsoleProcessList(pids, 4) > 0;
        }
    }

    boolean masterHasConsole() {
        return masterHasConsole;
    }

    /** The CreateProcess flags for a child's console and group. */
    int creationFlags() {
        return Win32.CREATE_NEW_PROCESS_GROUP | (masterHasConsole ? 0 : Win32.CREATE_NO_WINDOW);
    }

    /**
     * Sends CTRL_BREAK to the group that {@code groupLeader} leads.
     *
     * @param ownConsole true if the child has a console of its own (see the class comment)
     * @throws IllegalStateException naming the call that failed
     */
    void sendBreak(int groupLeader, boolean ownConsole) {
        if (!ownConsole) {
            generate(groupLeader);
            return;
        }
        synchronized (ATTACH_LOCK) {
            if (!k32.AttachConsole(groupLeader)) {
                throw new IllegalStateException("cannot attach to the console of process " + groupLeader + " to send it "
                        + "CTRL_BREAK (AttachConsole: " + Win32Error.describe(k32.lastError()) + ")");
            }
            try {
                generate(groupLeader);
            } finally {
                k32.FreeConsole();
            }
        }
    }

    private void generate(int groupLeader) {
        if (!k32.GenerateConsoleCtrlEvent(Win32.CTRL_BREAK_EVENT, groupLeader)) {
            throw new IllegalStateException("cannot send CTRL_BREAK to process group " + groupLeader
                    + " (GenerateConsoleCtrlEvent: " + Win32Error.describe(k32.lastError()) + ")");
        }
    }
}

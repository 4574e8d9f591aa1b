package dev.hsu.windows.internal;

/** The Win32 constants the adapter uses, from the Windows SDK headers (winbase.h, winnt.h, ...). */
final class Win32 {
    private Win32() {
    }

    /** Pointers, handles and SIZE_T on the 64-bit Windows the adapter supports. */
    static final int POINTER_SIZE = 8;

    // CreateProcess creation flags
    static final int CREATE_SUSPENDED = 0x00000004;
    static final int CREATE_NEW_PROCESS_GROUP = 0x00000200;
    static final int CREATE_UNICODE_ENVIRONMENT = 0x00000400;
    static final int EXTENDED_STARTUPINFO_PRESENT = 0x00080000;
    static final int CREATE_NO_WINDOW = 0x08000000;
    static final int IDLE_PRIORITY_CLASS = 0x00000040;
    static final int BELOW_NORMAL_PRIORITY_CLASS = 0x00004000;
    static final int NORMAL_PRIORITY_CLASS = 0x00000020;
    static final int ABOVE_NORMAL_PRIORITY_CLASS = 0x00008000;
    static final int HIGH_PRIORITY_CLASS = 0x00000080;

    static final int STARTF_USESTDHANDLES = 0x00000100;
    static final long PROC_THREAD_ATTRIBUTE_HANDLE_LIST = 0x00020002L;

    // Job Objects: information classes
    static final int JOB_BASIC_ACCOUNTING = 1;
    static final int JOB_BASIC_PROCESS_ID_LIST = 3;
    static final int JOB_ASSOCIATE_COMPLETION_PORT = 7;
    static final int JOB_BASIC_AND_IO_ACCOUNTING = 8;
    static final int JOB_EXTENDED_LIMIT = 9;
    static final int JOB_CPU_RATE_CONTROL = 15;

    // Job Objects: limit flags
    static final int JOB_OBJECT_LIMIT_ACTIVE_PROCESS = 0x00000008;
    static final int JOB_OBJECT_LIMIT_JOB_MEMORY = 0x00000200;
    static final int JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400;
    static final int JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000;

    // Job Objects: CPU and I/O rate control
    static final int JOB_OBJECT_CPU_RATE_CONTROL_ENABLE = 0x1;
    static final int JOB_OBJECT_CPU_RATE_CONTROL_WEIGHT_BASED = 0x2;
    static final int JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP = 0x4;
    static final int JOB_OBJECT_IO_RATE_CONTROL_ENABLE = 0x1;

    // Job Objects: completion port messages
    static final int JOB_OBJECT_MSG_ACTIVE_PROCESS_LIMIT = 3;
    static final int JOB_OBJECT_MSG_ACTIVE_PROCESS_ZERO = 4;
    static final int JOB_OBJECT_MSG_PROCESS_MEMORY_LIMIT = 9;
    static final int JOB_OBJECT_MSG_JOB_MEMORY_LIMIT = 10;

    // Files and pipes
    static final int GENERIC_READ = 0x80000000;
    static final int GENERIC_WRITE = 0x40000000;
    static final int FILE_APPEND_DATA = 0x00000004;
    static final int SYNCHRONIZE = 0x00100000;
    static final int FILE_SHARE_READ = 0x1;
    static final int FILE_SHARE_WRITE = 0x2;
    static final int FILE_SHARE_DELETE = 0x4;
    static final int CREATE_ALWAYS = 2;
    static final int OPEN_EXISTING = 3;
    static final int OPEN_ALWAYS = 4;
    static final int FILE_ATTRIBUTE_NORMAL = 0x80;
    static final int FILE_FLAG_OVERLAPPED = 0x40000000;
    static final int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;
    static final int PIPE_ACCESS_INBOUND = 0x1;
    static final int PIPE_TYPE_BYTE = 0x0;
    static final int PIPE_REJECT_REMOTE_CLIENTS = 0x8;

    static final int DUPLICATE_SAME_ACCESS = 0x2;
    static final int STD_INPUT_HANDLE = -10;
    static final int STD_OUTPUT_HANDLE = -11;
    static final int STD_ERROR_HANDLE = -12;

    static final int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
    static final int PROCESS_VM_READ = 0x0010;

    // Waits
    static final int INFINITE = 0xFFFFFFFF;
    static final int WT_EXECUTEINWAITTHREAD = 0x4;
    static final int WT_EXECUTEONLYONCE = 0x8;

    // Consoles and windows
    static final int CTRL_BREAK_EVENT = 1;
    static final int WM_CLOSE = 0x0010;
    static final int GW_OWNER = 4;

    // Exit codes and statuses
    static final int STILL_ACTIVE = 259;
    /** What a console program's default handler exits with on CTRL_C or CTRL_BREAK. */
    static final int STATUS_CONTROL_C_EXIT = 0xC000013A;
    /** OVERLAPPED.Internal while the I/O is in progress. */
    static final long STATUS_PENDING = 0x103;

    /** 100 ns intervals between 1601-01-01 and 1970-01-01 (FILETIME epoch to Unix epoch). */
    static final long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;
}

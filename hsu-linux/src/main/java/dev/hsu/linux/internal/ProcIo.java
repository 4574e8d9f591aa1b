package dev.hsu.linux.internal;

/**
 * The storage I/O counters of {@code /proc/<pid>/io}: bytes the process caused to be fetched
 * from or sent to the storage layer (page cache hits are not counted).
 *
 * @param readBytes read_bytes, or -1 if absent
 * @param writeBytes write_bytes, or -1 if absent
 */
record ProcIo(long readBytes, long writeBytes) {

    static ProcIo parse(String text) {
        long read = -1;
        long write = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("read_bytes:")) {
                read = Long.parseLong(line.substring("read_bytes:".length()).trim());
            } else if (line.startsWith("write_bytes:")) {
                write = Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        }
        return new ProcIo(read, write);
    }
}

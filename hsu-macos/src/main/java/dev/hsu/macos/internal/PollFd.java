package dev.hsu.macos.internal;

import com.sun.jna.Structure.FieldOrder;

/** {@code struct pollfd} (poll.h), 8 bytes. */
@FieldOrder({"fd", "events", "revents"})
public class PollFd extends DarwinStructure {
    public int fd;
    public short events;
    public short revents;
}

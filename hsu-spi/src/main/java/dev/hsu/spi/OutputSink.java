package dev.hsu.spi;

/**
 * Receives a child's captured output. Called by the adapter's I/O loop, one call at a time per
 * sink, never concurrently for the same sink. Implementations must not block: they are on the
 * thread that serves every unit's output and exit events.
 */
public interface OutputSink {

    /**
     * A chunk of output, exactly as the child wrote it (not split at lines).
     *
     * @param buffer the bytes; valid only during the call
     * @param length how many bytes of {@code buffer}, from index 0, are valid
     */
    void write(byte[] buffer, int length);

    /** The child's end of the stream was closed (it and all its descendants let go of it). */
    void closed();

    /**
     * Hands the sink the flow control of its stream, once, before the first {@link #write}, by
     * adapters that support back-pressure (see {@link OutputFlow}). The default ignores it: such a
     * sink must accept every write without blocking.
     *
     * @param flow pauses and resumes this stream; never null
     */
    default void attach(OutputFlow flow) {
    }
}

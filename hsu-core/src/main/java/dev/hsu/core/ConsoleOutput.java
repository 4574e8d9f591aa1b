package dev.hsu.core;

/**
 * Where unit output bound for the console goes: one call per complete line, without its line
 * terminator ({@code \n} or {@code \r\n}). Lines longer than 64 KiB arrive split in pieces of at
 * most 64 KiB. Bytes are decoded as UTF-8, malformed input replaced by U+FFFD.
 *
 * <p>Thread-safety: called from the adapter's I/O thread, for different units possibly
 * concurrently, never concurrently for the same unit and stream. Implementations must be
 * thread-safe and should not block: the thread that calls them also serves other units' output.
 * An exception thrown here is swallowed (the line is lost, supervision goes on).
 */
@FunctionalInterface
public interface ConsoleOutput {

    /** Discards every line. */
    ConsoleOutput DISCARD = (unit, stream, line) -> { };

    /**
     * @param unit the unit name; never null
     * @param stream the stream the line came from; never null
     * @param line the line, without terminator; never null, may be empty
     */
    void line(String unit, OutputStream stream, String line);
}

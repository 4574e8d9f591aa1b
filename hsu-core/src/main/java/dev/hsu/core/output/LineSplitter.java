package dev.hsu.core.output;

import dev.hsu.spi.OutputSink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An {@link OutputSink} that cuts a child's output into lines and hands each one, decoded as
 * UTF-8 (malformed bytes become U+FFFD), to a consumer.
 *
 * <ul>
 *   <li>A line ends at {@code \n}; a {@code \r} right before it is dropped too.</li>
 *   <li>A line may span any number of chunks.</li>
 *   <li>A line longer than {@link #maxLineBytes} bytes is handed over in pieces of at most that
 *       many bytes, cut at a UTF-8 character boundary.</li>
 *   <li>At {@link #closed()} a last line without newline is handed over.</li>
 * </ul>
 *
 * <p>Thread-safety: as {@link OutputSink} requires, calls are not concurrent. An exception from
 * the consumer is swallowed (that line is lost) so the adapter's I/O loop keeps running.
 */
public final class LineSplitter implements OutputSink {
    /** The default cap of one line, 64 KiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    private static final int KEEP_BUFFER_BYTES = 4096;
    private static final System.Logger LOG = System.getLogger(LineSplitter.class.getName());

    private final Consumer<String> lines;
    private final int maxLineBytes;
    private byte[] pending = new byte[0];
    private int pendingLength;
    private boolean closed;
    private boolean consumerFailureLogged;

    /** A splitter with the default 64 KiB line cap. */
    public LineSplitter(Consumer<String> lines) {
        this(lines, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * @param lines receives each line without its terminator
     * @param maxLineBytes the longest piece handed over at once, in bytes, at least 4 (one UTF-8
     *     character)
     */
    public LineSplitter(Consumer<String> lines, int maxLineBytes) {
        this.lines = Objects.requireNonNull(lines, "lines");
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must be at least 4, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** The longest piece handed over at once, in bytes. */
    public int maxLineBytes() {
        return maxLineBytes;
    }

    @Override
    public void write(byte[] buffer, int length) {
        if (closed) {
            return;
        }
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                if (pendingLength == 0) {
                    emitWhole(buffer, start, i); // the common case: no copy
                } else {
                    append(buffer, start, i - start);
                    emitWhole(pending, 0, pendingLength);
                    clearPending();
                }
                start = i + 1;
            } else if (pendingLength + (i - start) >= maxLineBytes) {
                // Byte i would make the line longer than the cap: hand over what fits, cut where
                // no character is split (byte i is known, so the cut can look at it).
                append(buffer, start, i + 1 - start);
                start = i + 1;
                flushOverlong();
            }
        }
        append(buffer, start, length - start);
    }

    @Override
    public void closed() {
        if (closed) {
            return;
        }
        closed = true;
        if (pendingLength > 0) {
            emitWhole(pending, 0, pendingLength);
            pendingLength = 0;
        }
        pending = new byte[0];
    }

    /** Emits {@code bytes[from, to)} as one line, dropping one trailing {@code \r}. */
    private void emitWhole(byte[] bytes, int from, int to) {
        if (to > from && bytes[to - 1] == '\r') {
            to--;
        }
        emit(bytes, from, to);
    }

    /** Hands over the longest prefix of {@code pending} that fits the cap and ends on a character. */
    private void flushOverlong() {
        while (pendingLength > maxLineBytes) {
            int cut = maxLineBytes;
            // pending[cut] is the first byte left out; while it is a UTF-8 continuation byte
            // (10xxxxxx) the cut would split a character, so move back (at most 3 bytes).
            int limit = cut - 3;
            while (cut > limit && (pending[cut] & 0xC0) == 0x80) {
                cut--;
            }
            emit(pending, 0, cut);
            System.arraycopy(pending, cut, pending, 0, pendingLength - cut);
            pendingLength -= cut;
        }
    }

    private void clearPending() {
        pendingLength = 0;
        if (pending.length > KEEP_BUFFER_BYTES) {
            pending = new byte[0]; // one long line must not pin 64 KiB per idle stream
        }
    }

    private void append(byte[] bytes, int from, int count) {
        if (count <= 0) {
            return;
        }
        if (pendingLength + count > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + count, Math.min(2 * pending.length + 64,
                    maxLineBytes + 1)));
        }
        System.arraycopy(bytes, from, pending, pendingLength, count);
        pendingLength += count;
    }

    private void emit(byte[] bytes, int from, int to) {
        String line = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        try {
            lines.accept(line);
        } catch (RuntimeException e) {
            if (!consumerFailureLogged) {
                consumerFailureLogged = true;
                LOG.log(System.Logger.Level.WARNING, "an output line consumer failed; its lines are dropped", e);
            }
        }
    }
}

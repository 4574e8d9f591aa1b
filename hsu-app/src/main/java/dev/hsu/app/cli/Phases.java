package dev.hsu.app.cli;

/**
 * Wall-clock durations of the start-up phases of {@code hsu run}, for a debug log line
 * ({@code command line 95 ms, config read and mapped 120 ms, ...}), measured from
 * {@link Main#STARTED_NANOS}. Not thread-safe: marks come from one thread at a time.
 */
final class Phases {
    private final StringBuilder text = new StringBuilder();
    private long last = Main.STARTED_NANOS;

    void mark(String phase) {
        long now = System.nanoTime();
        if (!text.isEmpty()) {
            text.append(", ");
        }
        text.append(phase).append(' ').append((now - last) / 1_000_000).append(" ms");
        last = now;
    }

    @Override
    public String toString() {
        return text + " (total " + (last - Main.STARTED_NANOS) / 1_000_000 + " ms)";
    }
}

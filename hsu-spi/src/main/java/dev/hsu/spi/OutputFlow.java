package dev.hsu.spi;

/**
 * Flow control of one captured output stream, handed by the adapter to its {@link OutputSink}
 * through {@link OutputSink#attach(OutputFlow)}: a sink that cannot keep up (its bounded buffer is
 * full because the disk is slower than the child) {@link #pause() pauses} the stream, so the
 * adapter stops reading the pipe and the child blocks in {@code write()} once the pipe is full; it
 * {@link #resume() resumes} it when it has drained. Nothing is dropped either way.
 *
 * <p>While a stream is paused the adapter delivers nothing to the sink, not even at the child's
 * exit: what the pipe holds then is delivered after {@link #resume()}, followed by
 * {@link OutputSink#closed()}. A sink that never resumes therefore keeps the child (and its exit
 * drain) waiting: resume in bounded time.
 *
 * <p>Thread-safety: both methods may be called from any thread, also from inside
 * {@link OutputSink#write} on the adapter's I/O thread; they never block for long (one system call
 * at most). Both are idempotent; calls after the stream was closed do nothing.
 *
 * <p>Platform note: on Linux the pipe's read end is taken out of the epoll set on pause and put
 * back on resume. An adapter that cannot pause never calls {@code attach}; its sinks then have no
 * back-pressure and must bound their memory another way (and say what they drop).
 */
public interface OutputFlow {

    /** Stop delivering output until {@link #resume()}; at most the chunk being delivered still arrives. */
    void pause();

    /** Deliver output again. */
    void resume();
}

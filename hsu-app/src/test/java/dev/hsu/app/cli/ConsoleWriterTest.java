package dev.hsu.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConsoleWriterTest {

    @Test
    void unitOutputIsPrefixedAndSplitBetweenStdoutAndStderr() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ConsoleWriter console = new ConsoleWriter(new PrintWriter(out), new PrintWriter(err)).start();
        UnitOutputPrinter printer = new UnitOutputPrinter(console, 6);
        printer.line("web", OutputStream.STDOUT, "GET / 200");
        printer.line("worker", OutputStream.STDERR, "warning: slow");
        printer.line("web", OutputStream.STDOUT, "");
        console.close();
        assertEquals("web    | GET / 200\nweb    | \n", out.toString());
        assertEquals("worker | warning: slow\n", err.toString());
    }

    @Test
    void aStuckTerminalNeverBlocksTheCallerAndDropsAreReported() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StringWriter sink = new StringWriter();
        // A terminal that does not accept anything until released.
        Writer stuck = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sink.write(buf, off, len);
            }

            @Override public void flush() { }
            @Override public void close() { }
        };
        StringWriter err = new StringWriter();
        ConsoleWriter console = new ConsoleWriter(new PrintWriter(stuck), new PrintWriter(err), 4).start();
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            console.out("line " + i);
        }
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMillis < 1000, "queueing 100 lines took " + tookMillis + " ms");
        // Accepted at most: one batch in the writer's hands (<= capacity + 1) and a full queue.
        long dropped = console.dropped();
        assertTrue(dropped >= 100 - (4 + 1) - 4, "dropped " + dropped);
        release.countDown();
        console.close();
        assertTrue(sink.toString().startsWith("line 0\n"), sink.toString());
        assertEquals(100 - dropped, sink.toString().lines().count(), sink.toString());
        assertTrue(err.toString().matches("hsu: \\d+ line\\(s\\) of output dropped: the console could not keep up\n"),
                err.toString());
    }
}

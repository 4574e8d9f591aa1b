package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.UnitState;
import dev.hsu.core.unit.LogConfig;
import dev.hsu.core.unit.OutputRedirect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Log files the master writes ({@code stdout: log}) under a child writing as fast as it can:
 * rotation loses no line and splits none (line count, SHA-256 of the concatenated files), every
 * file stays within {@code max_size}, compressed rotation likewise.
 */
class LogRotationE2eTest extends E2eSupport {

    /** {@code seq 1 n} as bytes: the child's output, for the checksum. */
    private static byte[] seqDigest(int n, long[] bytes) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        StringBuilder sb = new StringBuilder(1 << 20);
        long total = 0;
        for (int i = 1; i <= n; i++) {
            sb.append(i).append('\n');
            if (sb.length() > (1 << 20) - 16) {
                byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
                sha.update(b);
                total += b.length;
                sb.setLength(0);
            }
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
        sha.update(b);
        bytes[0] = total + b.length;
        return sha.digest();
    }

    /** {@code name.N ... name.1[.gz], name}: oldest first. */
    private static List<Path> oldestFirst(Path log) {
        List<Path> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            Path plain = log.resolveSibling(log.getFileName() + "." + i);
            Path gz = log.resolveSibling(log.getFileName() + "." + i + ".gz");
            if (Files.exists(gz)) {
                out.add(0, gz);
            } else if (Files.exists(plain)) {
                out.add(0, plain);
            } else {
                break;
            }
        }
        out.add(log);
        return out;
    }

    private static long totalBytes(Path log) throws IOException {
        long sum = 0;
        for (Path p : oldestFirst(log)) {
            if (p.toString().endsWith(".gz") || !Files.exists(p)) {
                return -1; // compare only once all is plain (or use the compressed check below)
            }
            sum += Files.size(p);
        }
        return sum;
    }

    private record Check(long lines, byte[] digest, int files) {
    }

    /** Lines, digest and file count of the rotated set; asserts each file ends with a newline and fits max_size. */
    private static Check check(Path log, long maxSize) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long lines = 0;
        List<Path> files = oldestFirst(log);
        byte[] buf = new byte[1 << 16];
        for (Path p : files) {
            if (!p.toString().endsWith(".gz")) {
                assertTrue(Files.size(p) <= maxSize, p + " is " + Files.size(p) + " bytes, over max_size " + maxSize);
            }
            int last = '\n';
            try (InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(p))
                    : Files.newInputStream(p)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                    last = buf[n - 1];
                }
            }
            assertEquals('\n', last, p + " does not end with a whole line");
        }
        return new Check(lines, sha.digest(), files.size());
    }

    @Test
    void twoHundredMegabytesWrittenFastAreRotatedWithoutLosingOrSplittingALine() throws Exception {
        int n = 23_500_000; // seq 1 23500000: about 200.4 MB
        long[] expectedBytes = new long[1];
        byte[] expected = seqDigest(n, expectedBytes);
        assertTrue(expectedBytes[0] >= 200_000_000, "the child writes " + expectedBytes[0] + " bytes");
        long maxSize = 10L << 20;
        Path log = dir.resolve("logs/seq.out.log");
        master.register(sh("seq", "exec seq 1 " + n).stdout(new OutputRedirect.Log(log))
                .log(new LogConfig(null, false, maxSize, 100)).build());
        long t0 = System.nanoTime();
        join(master.start("seq"));
        await().atMost(Duration.ofSeconds(120)).until(() -> status("seq").state() == UnitState.EXITED
                && totalBytes(log) == expectedBytes[0]);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Check c = check(log, maxSize);
        assertEquals(n, c.lines(), "lines in all files");
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(c.digest()),
                "the concatenated files are byte for byte the child's output");
        assertTrue(c.files() >= 19, "rotated into " + c.files() + " files");
        System.err.printf("log capture: %d bytes in %.2f s (%.0f MB/s) into %d files%n", expectedBytes[0], seconds,
                expectedBytes[0] / 1e6 / seconds, c.files());
    }

    @Test
    void compressedRotationKeepsEveryLineToo() throws Exception {
        int n = 3_000_000; // about 21 MB
        long[] expectedBytes = new long[1];
        byte[] expected = seqDigest(n, expectedBytes);
        long maxSize = 2L << 20;
        Path log = dir.resolve("logs/zseq.out.log");
        master.register(sh("zseq", "exec seq 1 " + n).stdout(new OutputRedirect.Log(log))
                .log(new LogConfig(null, false, maxSize, 100, true, null)).build());
        join(master.start("zseq"));
        awaitState("zseq", UnitState.EXITED);
        // The shutdown waits for the last output and the last compression.
        master.shutdown().get();
        Check c = check(log, maxSize);
        assertEquals(n, c.lines());
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(c.digest()));
        for (Path p : oldestFirst(log)) {
            assertTrue(p.equals(log) || p.toString().endsWith(".gz"), p + " was not compressed");
        }
    }

    @Test
    void stdoutAndStderrIntoOneLogFileInterleaveWholeLinesWithTimestamps() throws Exception {
        Path log = dir.resolve("logs/both.log");
        master.register(sh("both", "for i in 1 2 3; do echo out $i; echo err $i >&2; done; printf 'no newline'")
                .stdout(new OutputRedirect.Log(log)).stderr(new OutputRedirect.Log(log))
                .log(new LogConfig(null, true, null, null)).build());
        join(master.start("both"));
        awaitState("both", UnitState.EXITED);
        master.shutdown().get();
        List<String> lines = Files.readAllLines(log);
        assertEquals(7, lines.size(), lines.toString());
        String[] want = {"out 1", "err 1", "out 2", "err 2", "out 3", "err 3", "no newline"};
        for (int i = 0; i < want.length; i++) {
            assertTrue(lines.get(i).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z " + want[i]),
                    lines.get(i));
        }
    }
}

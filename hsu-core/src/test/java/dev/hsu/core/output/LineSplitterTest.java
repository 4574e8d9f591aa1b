package dev.hsu.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();

    private static void write(LineSplitter s, String text) {
        write(s, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(LineSplitter s, byte[] bytes) {
        // A larger buffer than the valid length, with garbage after it, as an I/O loop reuses one.
        byte[] buffer = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, buffer, 0, bytes.length);
        java.util.Arrays.fill(buffer, bytes.length, buffer.length, (byte) '\n');
        s.write(buffer, bytes.length);
    }

    @Test
    void splitsCompleteLinesOfOneChunk() {
        LineSplitter s = new LineSplitter(lines::add);
        write(s, "one\ntwo\n\nthree\n");
        assertEquals(List.of("one", "two", "", "three"), lines);
    }

    @Test
    void joinsALineAcrossChunks() {
        LineSplitter s = new LineSplitter(lines::add);
        write(s, "hel");
        write(s, "lo wo");
        assertEquals(List.of(), lines);
        write(s, "rld\nnext");
        assertEquals(List.of("hello world"), lines);
        write(s, "\n");
        assertEquals(List.of("hello world", "next"), lines);
    }

    @Test
    void dropsTheCarriageReturnOfCrlfEvenAcrossChunks() {
        LineSplitter s = new LineSplitter(lines::add);
        write(s, "dos\r\nsplit\r");
        write(s, "\nbare\rcr\n");
        assertEquals(List.of("dos", "split", "bare\rcr"), lines);
    }

    @Test
    void emitsTheLastLineWithoutNewlineAtClose() {
        LineSplitter s = new LineSplitter(lines::add);
        write(s, "a\ntail");
        s.closed();
        assertEquals(List.of("a", "tail"), lines);
        s.closed();
        write(s, "after close\n");
        assertEquals(List.of("a", "tail"), lines);
    }

    @Test
    void closeWithNothingPendingEmitsNothing() {
        LineSplitter s = new LineSplitter(lines::add);
        write(s, "a\n");
        s.closed();
        assertEquals(List.of("a"), lines);
    }

    @Test
    void decodesUtf8SplitAcrossChunks() {
        LineSplitter s = new LineSplitter(lines::add);
        byte[] bytes = "grüße 日本 🎉\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            write(s, new byte[] {b});
        }
        assertEquals(List.of("grüße 日本 🎉"), lines);
    }

    @Test
    void replacesMalformedUtf8() {
        LineSplitter s = new LineSplitter(lines::add);
        write(s, new byte[] {'a', (byte) 0xff, 'b', (byte) 0xc3, '\n'});
        assertEquals(List.of("a\uFFFDb\uFFFD"), lines);
    }

    @Test
    void splitsAnOverlongLineIntoPiecesOfTheCap() {
        LineSplitter s = new LineSplitter(lines::add, 10);
        write(s, "0123456789abcdefghijKLM\nz\n");
        assertEquals(List.of("0123456789", "abcdefghij", "KLM", "z"), lines);
    }

    @Test
    void aLineOfExactlyTheCapIsOneLine() {
        LineSplitter s = new LineSplitter(lines::add, 10);
        write(s, "0123456789\n");
        write(s, "01234");
        write(s, "56789");
        write(s, "\n");
        assertEquals(List.of("0123456789", "0123456789"), lines);
    }

    @Test
    void splitsAnOverlongLineArrivingInSmallChunks() {
        LineSplitter s = new LineSplitter(lines::add, 8);
        String text = "abcdefghijklmnopqrstuvwxyz";
        for (char c : text.toCharArray()) {
            write(s, String.valueOf(c));
        }
        s.closed();
        assertEquals(List.of("abcdefgh", "ijklmnop", "qrstuvwx", "yz"), lines);
    }

    @Test
    void neverCutsAMultiByteCharacter() {
        LineSplitter s = new LineSplitter(lines::add, 10);
        // 'ab' then 4-byte emoji ×3: the cut at 10 bytes would fall inside the third emoji.
        write(s, "ab🎉🎉🎉cd\n");
        assertEquals(List.of("ab🎉🎉", "🎉cd"), lines);
        for (String line : lines) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 10);
            assertTrue(!line.contains("\uFFFD"), line);
        }
    }

    @Test
    void defaultCapIs64KiB() {
        LineSplitter s = new LineSplitter(lines::add);
        String big = "x".repeat(64 * 1024 + 5);
        write(s, big + "\n");
        assertEquals(List.of("x".repeat(64 * 1024), "xxxxx"), lines);
    }

    @Test
    void hugeOutputInLargeChunks() {
        LineSplitter s = new LineSplitter(lines::add);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (int off = 0; off < all.length; off += 8191) {
            int n = Math.min(8191, all.length - off);
            byte[] chunk = new byte[n];
            System.arraycopy(all, off, chunk, 0, n);
            write(s, chunk);
        }
        assertEquals(100_000, lines.size());
        assertEquals("line 0", lines.get(0));
        assertEquals("line 99999", lines.get(99_999));
        assertEquals("line 54321", lines.get(54_321));
    }

    @Test
    void aThrowingConsumerDoesNotStopSplitting() {
        List<String> seen = new ArrayList<>();
        LineSplitter s = new LineSplitter(line -> {
            seen.add(line);
            throw new IllegalStateException("boom");
        });
        write(s, "a\nb\n");
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void rejectsACapTooSmallForOneCharacter() {
        assertThrows(IllegalArgumentException.class, () -> new LineSplitter(lines::add, 3));
    }
}

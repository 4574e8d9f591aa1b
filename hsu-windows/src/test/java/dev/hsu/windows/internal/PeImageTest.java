package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subsystem field of PE images built byte by byte after the PE format's layout. */
class PeImageTest {
    @TempDir
    Path dir;

    /** A minimal image: DOS header with e_lfanew, PE signature, COFF header, optional header. */
    private Path image(String name, int peOffset, int magic, int subsystem) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(peOffset + 24 + 240).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0x5A4D);
        b.putInt(0x3C, peOffset);
        b.putInt(peOffset, 0x00004550);
        b.putShort(peOffset + 24, (short) magic);
        b.putShort(peOffset + 24 + 68, (short) subsystem);
        return Files.write(dir.resolve(name), b.array());
    }

    @Test
    void readsTheSubsystemOfPe32PlusAndPe32Images() throws Exception {
        assertEquals(PeImage.Kind.GUI, PeImage.of(image("gui64.exe", 0x80, 0x20B, 2)));
        assertEquals(PeImage.Kind.CONSOLE, PeImage.of(image("cui64.exe", 0x80, 0x20B, 3)));
        assertEquals(PeImage.Kind.GUI, PeImage.of(image("gui32.exe", 0x100, 0x10B, 2)));
        assertEquals(PeImage.Kind.CONSOLE, PeImage.of(image("cui32.exe", 0xF8, 0x10B, 3)));
    }

    @Test
    void otherSubsystemsAndBrokenImagesAreUnknown() throws Exception {
        assertEquals(PeImage.Kind.UNKNOWN, PeImage.of(image("native.exe", 0x80, 0x20B, 1)));
        assertEquals(PeImage.Kind.UNKNOWN, PeImage.of(image("badmagic.exe", 0x80, 0x1234, 3)));
        assertEquals(PeImage.Kind.UNKNOWN, PeImage.of(Files.write(dir.resolve("text.exe"), "not a program".getBytes())));
        assertEquals(PeImage.Kind.UNKNOWN, PeImage.of(Files.write(dir.resolve("mz-only.exe"), new byte[] {'M', 'Z'})));
        Path truncated = image("cut.exe", 0x80, 0x20B, 3);
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(truncated), 0x80 + 30));
        assertEquals(PeImage.Kind.UNKNOWN, PeImage.of(truncated));
        assertEquals(PeImage.Kind.UNKNOWN, PeImage.of(dir.resolve("missing.exe")));
    }

    @Test
    void aPeOffsetPastTheEndIsUnknown() throws Exception {
        Path p = image("far.exe", 0x80, 0x20B, 3);
        byte[] bytes = Files.readAllBytes(p);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3C, 0x7FFF_FFF0);
        Files.write(p, bytes);
        assertEquals(PeImage.Kind.UNKNOWN, PeImage.of(p));
    }

    @Test
    void batchFilesAreConsolePrograms() {
        assertEquals(PeImage.Kind.CONSOLE, PeImage.of(dir.resolve("run.BAT")));
        assertEquals(PeImage.Kind.CONSOLE, PeImage.of(dir.resolve("run.cmd")));
    }
}

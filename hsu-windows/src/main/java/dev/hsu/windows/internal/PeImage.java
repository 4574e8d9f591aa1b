package dev.hsu.windows.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Tells a GUI program from a console program by the {@code Subsystem} field of its PE header, which
 * decides how it is asked to stop: a console program gets CTRL_BREAK, a GUI program WM_CLOSE.
 *
 * <p>Layout (Microsoft PE format): {@code e_lfanew} (int32) at 0x3C points at {@code "PE\0\0"};
 * the optional header starts 24 bytes after it; {@code Subsystem} (uint16) is at offset 68 of the
 * optional header in both PE32 and PE32+. A batch file is run by cmd.exe, a console program.
 *
 * <p>Thread-safety: stateless.
 */
final class PeImage {
    static final int SUBSYSTEM_WINDOWS_GUI = 2;
    static final int SUBSYSTEM_WINDOWS_CUI = 3;

    /** How a program receives a graceful stop. */
    enum Kind {
        CONSOLE, GUI, UNKNOWN
    }

    private PeImage() {
    }

    static Kind of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".bat") || name.endsWith(".cmd")) {
            return Kind.CONSOLE;
        }
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            return of(in);
        } catch (IOException e) {
            return Kind.UNKNOWN;
        }
    }

    static Kind of(SeekableByteChannel in) throws IOException {
        ByteBuffer dos = read(in, 0, 64);
        if (dos == null || dos.getShort(0) != 0x5A4D) { // "MZ"
            return Kind.UNKNOWN;
        }
        long peOffset = Integer.toUnsignedLong(dos.getInt(0x3C));
        ByteBuffer pe = read(in, peOffset, 24 + 70);
        if (pe == null || pe.getInt(0) != 0x00004550) { // "PE\0\0"
            return Kind.UNKNOWN;
        }
        int magic = Short.toUnsignedInt(pe.getShort(24));
        if (magic != 0x10B && magic != 0x20B) {
            return Kind.UNKNOWN;
        }
        return switch (Short.toUnsignedInt(pe.getShort(24 + 68))) {
            case SUBSYSTEM_WINDOWS_GUI -> Kind.GUI;
            case SUBSYSTEM_WINDOWS_CUI -> Kind.CONSOLE;
            default -> Kind.UNKNOWN;
        };
    }

    /** {@code length} bytes at {@code position}, little-endian; null if the file is shorter. */
    private static ByteBuffer read(SeekableByteChannel in, long position, int length) throws IOException {
        if (position < 0 || position + length > in.size()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        in.position(position);
        while (b.hasRemaining()) {
            if (in.read(b) < 0) {
                return null;
            }
        }
        return b.flip();
    }
}

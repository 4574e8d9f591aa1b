package dev.hsu.linux.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Tells ahead of a trampoline launch whether the kernel can execute a file. A direct
 * {@code posix_spawn} reports ENOEXEC (a script without a {@code #!} line, a file of no known
 * format) as an error; a shell's {@code exec} (and glibc's {@code execvp}) would instead run such
 * a file as a shell script. So before going through the trampoline the launcher looks at the
 * first bytes: ELF or {@code #!} can be executed; anything else only if {@code binfmt_misc} has
 * handlers registered (which might take it; the shell's fallback then applies, as for any shell).
 *
 * <p>Thread-safety: stateless apart from the proc root.
 */
final class ExecFormat {
    private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};

    private final Path binfmtMisc;

    /** @param binfmtMisc normally {@code /proc/sys/fs/binfmt_misc} */
    ExecFormat(Path binfmtMisc) {
        this.binfmtMisc = binfmtMisc;
    }

    /** False only when the kernel would surely refuse {@code program} with ENOEXEC. */
    boolean executable(Path program) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(program)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException | SecurityException e) {
            return true; // unreadable but executable (mode --x): let the kernel decide
        }
        if (n >= 2 && head[0] == '#' && head[1] == '!') {
            return true;
        }
        if (n == 4 && Arrays.equals(head, ELF)) {
            return true;
        }
        return hasMiscHandlers();
    }

    private boolean hasMiscHandlers() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(binfmtMisc)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!name.equals("register") && !name.equals("status")) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            // not mounted: no handlers
        }
        return false;
    }
}

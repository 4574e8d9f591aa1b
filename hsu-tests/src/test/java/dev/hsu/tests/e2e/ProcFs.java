package dev.hsu.tests.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the process tree from {@code /proc} (a parameter, so it can point at a fixture). */
final class ProcFs {
    private final Path proc;

    ProcFs(Path proc) {
        this.proc = proc;
    }

    static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    /** Every descendant of {@code pid}, through {@code /proc/<pid>/task/<tid>/children}. */
    List<Long> descendants(long pid) {
        List<Long> out = new ArrayList<>();
        collect(pid, out);
        return out;
    }

    private void collect(long pid, List<Long> out) {
        for (long child : children(pid)) {
            out.add(child);
            collect(child, out);
        }
    }

    List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                String text = read(task.resolve("children"));
                for (String token : text.trim().split("\\s+")) {
                    if (!token.isEmpty()) {
                        out.add(Long.parseLong(token));
                    }
                }
            }
        } catch (NoSuchFileException gone) {
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the tasks of pid " + pid, e);
        }
        return out;
    }

    /** True if the process exists and is not a zombie (a zombie runs nothing any more). */
    boolean running(long pid) {
        String stat = read(proc.resolve(Long.toString(pid)).resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return false;
        }
        char state = stat.charAt(close + 2);
        return state != 'Z' && state != 'X';
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException | java.nio.file.AccessDeniedException gone) {
            return "";
        } catch (IOException e) {
            // ESRCH while the process is exiting reads as an I/O error: it is gone.
            return "";
        }
    }
}

package dev.hsu.linux.internal.cgroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * File operations on cgroup (and sysfs) files. Control files are small: each read is one open and
 * one or two reads; each write is a single {@code write(2)}, as the kernel expects (a value split
 * across writes would be parsed in pieces). Files are never created: a missing control file means
 * a missing controller, and that is an error rather than a stray regular file.
 *
 * <p>Thread-safety: stateless.
 */
public final class CgroupFs {

    private CgroupFs() {
    }

    /** The whole file, or empty if it is missing or unreadable (a cgroup that was just removed). */
    public static Optional<String> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[4096];
            int length = 0;
            int n;
            while ((n = in.read(buffer, length, buffer.length - length)) > 0) {
                length += n;
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
            return Optional.of(new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A file holding one number, or {@code max}; empty if missing, {@code Long.MAX_VALUE} for {@code max}. */
    public static Optional<Long> readNumber(Path file) {
        return read(file).flatMap(text -> {
            String t = text.trim();
            if (t.equals("max")) {
                return Optional.of(Long.MAX_VALUE);
            }
            try {
                return Optional.of(Long.parseLong(t));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The value of {@code key} in a flat-keyed file ({@code key value} lines, e.g. memory.events). */
    public static Optional<Long> readKey(Path file, String key) {
        return read(file).flatMap(text -> keyed(text, key));
    }

    static Optional<Long> keyed(String text, String key) {
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space == key.length() && line.startsWith(key)) {
                try {
                    return Optional.of(Long.parseLong(line.substring(space + 1).trim()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The numbers in a list file such as {@code cgroup.procs} (one per line); empty if missing. */
    public static List<Integer> readIds(Path file) {
        List<Integer> ids = new ArrayList<>();
        read(file).ifPresent(text -> {
            for (String line : text.split("\n")) {
                String t = line.trim();
                if (!t.isEmpty()) {
                    try {
                        ids.add(Integer.parseInt(t));
                    } catch (NumberFormatException e) {
                        // not an id: skip
                    }
                }
            }
        });
        return ids;
    }

    /** Lines of a file such as {@code cgroup.threads}, without reading them into numbers. */
    public static long countLines(Path file) {
        return read(file).map(text -> text.chars().filter(c -> c == '\n').count()).orElse(-1L);
    }

    /**
     * Writes {@code value} in one {@code write(2)}.
     *
     * @throws CgroupException naming the file, the value and the kernel's answer
     */
    public static void write(Path file, String value) {
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new CgroupException("cannot write '" + value.trim() + "' to " + file + ": the file does not exist "
                    + "(the controller is not enabled there, or the cgroup is gone)", e);
        } catch (IOException e) {
            throw new CgroupException("cannot write '" + value.trim() + "' to " + file + ": " + reason(e), e);
        }
    }

    /** @throws CgroupException if the directory cannot be created (it existing is an error too) */
    public static void mkdir(Path dir) {
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new CgroupException("cannot create cgroup " + dir + ": " + reason(e), e);
        }
    }

    /**
     * Removes a cgroup directory.
     *
     * @return true if it is gone (removed now or already absent); false if it still holds a process
     *     or a child cgroup (EBUSY)
     * @throws CgroupException for any other failure
     */
    public static boolean rmdir(Path dir) {
        try {
            Files.delete(dir);
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            String reason = reason(e);
            if (reason.contains("busy") || e instanceof java.nio.file.DirectoryNotEmptyException) {
                return false;
            }
            throw new CgroupException("cannot remove cgroup " + dir + ": " + reason, e);
        }
    }

    /** The sub-directories of {@code dir} (child cgroups); empty if it cannot be listed. */
    public static List<Path> childDirs(Path dir) {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            entries.forEach(dirs::add);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // nothing listed
        }
        return dirs;
    }

    static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}

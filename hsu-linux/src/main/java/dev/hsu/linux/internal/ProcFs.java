package dev.hsu.linux.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the proc filesystem below a root that is a parameter ({@code /proc} in production, a
 * fixture tree in tests). A file that is missing or unreadable (the process ended, no
 * permission) gives an empty result, never an exception: processes come and go between two
 * reads and callers treat that as "gone".
 *
 * <p>Thread-safety: immutable; safe from any thread.
 */
final class ProcFs {

    private final Path root;

    ProcFs(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Optional<ProcStat> stat(long pid) {
        return read(pid + "/stat").flatMap(text -> {
            try {
                return Optional.of(ProcStat.parse(text.strip()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The exit status of a zombie, as waitpid(2) would report it: field 52 ({@code exit_code}) of
     * its stat line (Linux 3.5+). Empty unless the process has exited and is not reaped yet.
     */
    Optional<Integer> zombieExitStatus(long pid) {
        return read(pid + "/stat").flatMap(text -> {
            String line = text.strip();
            int close = line.lastIndexOf(')');
            if (close < 0 || close + 2 > line.length()) {
                return Optional.empty();
            }
            String[] f = line.substring(close + 2).split(" ");
            // f[0] is field 3 (the state), so field 52 is f[49]
            if (f.length < 50 || !f[0].equals("Z")) {
                return Optional.empty();
            }
            try {
                return Optional.of(Integer.parseInt(f[49]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** This boot's id ({@code sys/kernel/random/boot_id}), which tells start times of two boots apart. */
    Optional<String> bootId() {
        return read("sys/kernel/random/boot_id").map(String::strip).filter(s -> !s.isEmpty());
    }

    Optional<ProcStatus> status(String pidOrSelf) {
        return read(pidOrSelf + "/status").map(ProcStatus::parse);
    }

    Optional<ProcIo> io(long pid) {
        return read(pid + "/io").map(ProcIo::parse);
    }

    /** Open file descriptors of {@code pid}, or -1 if its fd directory cannot be listed. */
    long countFds(long pid) {
        long count = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root.resolve(pid + "/fd"))) {
            for (Path ignored : dir) {
                count++;
            }
            return count;
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return -1;
        }
    }

    /**
     * The direct children of {@code pid}: the union of {@code task/<tid>/children} over its
     * threads (a child is listed under the thread that forked it). Empty if the process is gone.
     */
    List<Integer> children(long pid) {
        List<Integer> children = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(root.resolve(pid + "/task"))) {
            for (Path task : tasks) {
                read(root.relativize(task.resolve("children")).toString()).ifPresent(text -> {
                    for (String token : text.trim().split("\\s+")) {
                        if (!token.isEmpty()) {
                            children.add(Integer.parseInt(token));
                        }
                    }
                });
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // The process ended while we listed it.
        }
        return children;
    }

    /** Every pid in the root directory. Costly on a busy host: only for rare paths. */
    List<Integer> allPids() {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path entry : dir) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    pids.add(Integer.parseInt(name));
                }
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // Nothing listed.
        }
        return pids;
    }

    /** {@code btime} of {@code /proc/stat}: the boot time in seconds since the epoch. */
    Optional<Long> bootTimeSeconds() {
        return read("stat").flatMap(text -> {
            for (String line : text.split("\n")) {
                if (line.startsWith("btime ")) {
                    return Optional.of(Long.parseLong(line.substring(6).trim()));
                }
            }
            return Optional.empty();
        });
    }

    /** A single number from a file such as {@code sys/fs/nr_open}. */
    Optional<Long> number(String relative) {
        return read(relative).flatMap(text -> {
            try {
                return Optional.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Converts a start time in clock ticks after boot into an instant. */
    static Instant startInstant(long bootSeconds, long startTicks, long ticksPerSecond) {
        long seconds = startTicks / ticksPerSecond;
        long nanos = (startTicks % ticksPerSecond) * 1_000_000_000L / ticksPerSecond;
        return Instant.ofEpochSecond(bootSeconds + seconds, nanos);
    }

    /**
     * Reads a whole file in large chunks. Not {@code Files.readAllBytes}: proc files report size 0,
     * so it starts with a one-byte read, and sysctl files return nothing to a read at a non-zero
     * offset ({@code sys/fs/nr_open} would read as "1").
     */
    private Optional<String> read(String relative) {
        try (InputStream in = Files.newInputStream(root.resolve(relative))) {
            byte[] buffer = new byte[8192];
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
}

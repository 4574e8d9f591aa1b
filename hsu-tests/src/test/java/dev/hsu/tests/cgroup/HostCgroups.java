package dev.hsu.tests.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at the host's cgroups from the outside, the way an operator would: this JVM's own cgroup
 * in every mounted hierarchy (from {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}),
 * and the {@code hsu-<pid>-<start>} directories HSU masters make below it (masters started by
 * this JVM inherit its cgroups, so theirs are there too).
 */
final class HostCgroups {
    private static final Pattern HSU = Pattern.compile("hsu-(\\d+)-(\\d+)(?:-[A-Za-z0-9]+)?(?:\\.master)?");

    private HostCgroups() {
    }

    /** This JVM's cgroup directory in every mounted cgroup hierarchy. */
    static List<Path> ownDirs() throws IOException {
        List<String> memberships = Files.readAllLines(Path.of("/proc/self/cgroup"));
        List<Path> out = new ArrayList<>();
        for (String mount : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = mount.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 0 || dash + 3 >= f.length) {
                continue;
            }
            String type = f[dash + 1];
            String root = f[3];
            Path mountPoint = Path.of(f[4].replace("\\040", " "));
            for (String line : memberships) {
                String[] m = line.split(":", 3);
                boolean match = type.equals("cgroup2") ? m[0].equals("0") && m[1].isEmpty()
                        : type.equals("cgroup") && !m[1].isEmpty()
                                && List.of(f[dash + 3].split(",")).containsAll(List.of(m[1].split(",")));
                if (match && (root.equals("/") || m[2].startsWith(root))) {
                    String path = root.equals("/") ? m[2] : m[2].substring(root.length());
                    out.add(path.equals("/") || path.isEmpty() ? mountPoint : mountPoint.resolve(path.substring(1)));
                }
            }
        }
        return out;
    }

    /** Every HSU directory below this JVM's cgroups. */
    static List<Path> hsuDirs() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path own : ownDirs()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(own, Files::isDirectory)) {
                for (Path e : entries) {
                    if (HSU.matcher(e.getFileName().toString()).matches()) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    /** The HSU directories of master {@code pid}. */
    static List<Path> dirsOf(long pid) throws IOException {
        return hsuDirs().stream().filter(d -> masterPid(d).orElse(-1L) == pid).toList();
    }

    /** HSU directories whose master process no longer runs (same pid and start time). */
    static List<Path> ofMastersThatAreGone() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : hsuDirs()) {
            Matcher m = HSU.matcher(d.getFileName().toString());
            if (m.matches() && !running(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))) {
                out.add(d);
            }
        }
        return out;
    }

    static Optional<Long> masterPid(Path dir) {
        Matcher m = HSU.matcher(dir.getFileName().toString());
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** Field 22 of /proc/<pid>/stat equals {@code startTicks}, and the process is not a zombie. */
    static boolean running(long pid, long startTicks) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return !f[0].equals("Z") && Long.parseLong(f[19]) == startTicks;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The pids listed in {@code cgroup.procs} of every unit directory below {@code parent}. */
    static List<Long> processesBelow(Path parent) throws IOException {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> units = Files.newDirectoryStream(parent, Files::isDirectory)) {
            for (Path unit : units) {
                for (String line : Files.readAllLines(unit.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        out.add(Long.parseLong(line.trim()));
                    }
                }
            }
        }
        return out;
    }
}

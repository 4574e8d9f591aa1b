package dev.hsu.linux.internal.cgroup;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code /proc/<pid>/mountinfo} (proc(5)): {@code id parent major:minor root mount-point
 * options [optional fields...] - fs-type source super-options}. Paths use octal escapes
 * ({@code \040} for a space), which are decoded.
 *
 * <p>Thread-safety: stateless.
 */
public final class MountInfo {

    /**
     * One mount.
     *
     * @param root the path inside the file system that is mounted (for cgroup mounts: the cgroup
     *     that appears as the mount point; {@code /} unless bind-mounted or in a cgroup namespace)
     * @param mountPoint where it is mounted, absolute
     * @param fsType e.g. {@code cgroup2}, {@code cgroup}
     * @param superOptions per-superblock options; for a v1 cgroup mount they name its controllers
     */
    public record Mount(String root, String mountPoint, String fsType, List<String> superOptions) {
        public Mount {
            superOptions = List.copyOf(superOptions);
        }
    }

    private MountInfo() {
    }

    /** Lines that do not have the documented shape are skipped. */
    public static List<Mount> parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 3 > f.length) {
                continue;
            }
            String superOptions = dash + 3 < f.length ? f[dash + 3] : "";
            mounts.add(new Mount(unescape(f[3]), unescape(f[4]), f[dash + 1], List.of(superOptions.split(","))));
        }
        return mounts;
    }

    /** Decodes the kernel's {@code \ooo} escapes (space, tab, newline, backslash). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}

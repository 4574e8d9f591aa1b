package dev.hsu.linux.internal.cgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One line of {@code /proc/<pid>/cgroup} (cgroups(7)): {@code hierarchy-id:controllers:path}.
 * The v2 line is {@code 0::/path}; a v1 line names the controllers of its hierarchy
 * ({@code 4:memory:/a/b}, {@code 2:cpu,cpuacct:/}, {@code 1:name=systemd:/}).
 *
 * @param hierarchyId 0 for the unified hierarchy
 * @param controllers the comma-separated names, empty for v2
 * @param path the process's cgroup, relative to the hierarchy's root (absolute form, {@code /} for the root)
 */
public record Membership(int hierarchyId, Set<String> controllers, String path) {

    public Membership {
        controllers = Set.copyOf(controllers);
    }

    public boolean isUnified() {
        return hierarchyId == 0 && controllers.isEmpty();
    }

    /** Lines that do not have the documented shape are skipped. */
    public static List<Membership> parse(String text) {
        List<Membership> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            int id;
            try {
                id = Integer.parseInt(line.substring(0, first));
            } catch (NumberFormatException e) {
                continue;
            }
            String names = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (!path.startsWith("/")) {
                continue;
            }
            out.add(new Membership(id, names.isEmpty() ? Set.of() : Set.copyOf(List.of(names.split(","))), path));
        }
        return out;
    }
}

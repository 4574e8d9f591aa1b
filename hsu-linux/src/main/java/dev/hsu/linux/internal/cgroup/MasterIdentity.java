package dev.hsu.linux.internal.cgroup;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the cgroups of one master instance: {@code hsu-<pid>-<start>} (its pid and start time in
 * clock ticks after boot, as in {@code /proc/<pid>/stat}), so that a pid reused after a crash
 * never passes for the dead master. A second tree in the same process (tests) adds
 * {@code -<tag>}; the master's v2 leaf adds {@code .master}.
 *
 * @param pid the master's process id
 * @param startTicks its start time in clock ticks after boot
 * @param tag empty, or letters and digits telling apart several trees of one process
 */
public record MasterIdentity(long pid, long startTicks, String tag) {

    /**
     * The name of the child cgroup that marks a parent whose units are to outlive their master
     * (see {@link KeptMark}). Unit directories are {@code <unit>.<n>}, so no unit's can have it.
     */
    public static final String KEPT_MARKER = "hsu-kept";

    private static final Pattern NAME = Pattern.compile("hsu-(\\d+)-(\\d+)(?:-([A-Za-z0-9]+))?(\\.master)?");

    public MasterIdentity {
        if (!tag.matches("[A-Za-z0-9]*")) {
            throw new IllegalArgumentException("a tree tag is letters and digits: " + tag);
        }
    }

    /** The parent cgroup's directory name. */
    public String parentName() {
        return "hsu-" + pid + "-" + startTicks + (tag.isEmpty() ? "" : "-" + tag);
    }

    /** The v2 leaf the master moves into when it must leave its cgroup. */
    public String leafName() {
        return parentName() + ".master";
    }

    /** The master that named a directory, if the name is one of HSU's. */
    public static Optional<MasterIdentity> ofName(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MasterIdentity(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    m.group(3) == null ? "" : m.group(3)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether this master is the same process as {@code other} (tags aside). */
    public boolean sameProcess(MasterIdentity other) {
        return pid == other.pid && startTicks == other.startTicks;
    }
}

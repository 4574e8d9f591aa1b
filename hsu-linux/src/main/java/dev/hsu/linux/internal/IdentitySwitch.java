package dev.hsu.linux.internal;

import dev.hsu.spi.LaunchException;
import dev.hsu.spi.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Runs a unit as another user: the exec trampoline's last exec before the program goes through
 * {@code setpriv --reuid=U --regid=G --groups=... --} (util-linux), which calls
 * {@code setgroups}, {@code setresgid} and {@code setresuid} (real, effective and saved ids alike)
 * and execs the program, whose first instruction so runs with exactly the unit's ids. The steps
 * before it (joining the cgroup, rlimits, niceness) still run with the master's privileges.
 *
 * <p>Available when the master may set any id (root, or CAP_SETUID and CAP_SETGID in its
 * effective set) and setpriv is installed; otherwise {@link #unavailable()} says why, and
 * validation refuses {@code user:} with that reason.
 *
 * <p>Thread-safety: immutable.
 *
 * @param setpriv absolute path of setpriv(1), or null
 * @param unavailable why units cannot be switched to another user here, or null when they can
 */
record IdentitySwitch(String setpriv, String unavailable) {

    static final int CAP_SETGID = 6;
    static final int CAP_SETUID = 7;
    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    /** What this JVM can do, found once. */
    static IdentitySwitch system() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final IdentitySwitch INSTANCE = detect(Path.of("/proc/self/status"), SETPRIV);
    }

    /**
     * @param selfStatus the master's {@code /proc/self/status}
     * @param candidates where setpriv may be, in order
     */
    static IdentitySwitch detect(Path selfStatus, List<Path> candidates) {
        String setpriv = null;
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                setpriv = p.toString();
                break;
            }
        }
        String text;
        try {
            text = Files.readString(selfStatus);
        } catch (IOException e) {
            return new IdentitySwitch(setpriv, "cannot read " + selfStatus + " to learn the master's privileges ("
                    + e.getMessage() + ")");
        }
        long uid = effectiveUid(text);
        ProcStatus status = ProcStatus.parse(text);
        if (!status.hasCapability(CAP_SETUID) || !status.hasCapability(CAP_SETGID)) {
            return new IdentitySwitch(setpriv, "the master runs as uid " + uid + ", not root, without CAP_SETUID "
                    + "and CAP_SETGID, so it cannot run units as another user; run the master as root, or remove "
                    + "user/group/supplementary_groups to run the unit as the master's user");
        }
        if (setpriv == null) {
            return new IdentitySwitch(null, "setpriv(1) from util-linux is missing (looked for "
                    + candidates.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("") + "); "
                    + "install util-linux");
        }
        return new IdentitySwitch(setpriv, null);
    }

    private static long effectiveUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                if (ids.length >= 2) {
                    try {
                        return Long.parseLong(ids[1]);
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    boolean available() {
        return unavailable == null;
    }

    /**
     * The argv prefix that execs the rest of the command line as {@code identity}.
     *
     * @throws LaunchException if units cannot be switched to another user here
     */
    List<String> command(String unitId, ProcessIdentity identity) throws LaunchException {
        if (unavailable != null) {
            throw new LaunchException("unit " + unitId + ": cannot run as " + identity + ": " + unavailable);
        }
        List<String> argv = new ArrayList<>(5);
        argv.add(setpriv);
        argv.add("--reuid=" + identity.uid());
        argv.add("--regid=" + identity.gid());
        if (identity.supplementaryGroups().isEmpty()) {
            argv.add("--clear-groups");
        } else {
            StringJoiner groups = new StringJoiner(",", "--groups=", "");
            identity.supplementaryGroups().forEach(g -> groups.add(Integer.toString(g)));
            argv.add(groups.toString());
        }
        argv.add("--");
        return argv;
    }
}

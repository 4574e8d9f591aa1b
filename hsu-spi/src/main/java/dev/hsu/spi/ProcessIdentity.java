package dev.hsu.spi;

import java.util.List;

/**
 * The account a process runs as: its real, effective and saved user and group ids, and its
 * supplementary groups, exactly. The adapter switches to it before the program's first
 * instruction, as it places the process in its confinement.
 *
 * <p>Immutable; the group list is copied.
 *
 * <p>Platform note: POSIX only (see {@link LaunchFeature#SWITCH_USER}); switching to an identity
 * other than the master's needs a privileged master (root, or CAP_SETUID and CAP_SETGID on Linux).
 *
 * @param uid the user id, 0 or more
 * @param gid the primary group id, 0 or more
 * @param supplementaryGroups the supplementary groups, exactly (empty: none); usually the primary
 *     group and every group that lists the user as a member, as {@code initgroups(3)} gives them
 */
public record ProcessIdentity(int uid, int gid, List<Integer> supplementaryGroups) {

    public ProcessIdentity {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must be 0 or more, got uid " + uid + ", gid " + gid);
        }
        supplementaryGroups = List.copyOf(supplementaryGroups);
        for (Integer g : supplementaryGroups) {
            if (g < 0) {
                throw new IllegalArgumentException("supplementary group ids must be 0 or more, got " + g);
            }
        }
    }

    /** {@code uid=999 gid=999 groups=999,27}, for messages. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("uid=").append(uid).append(" gid=").append(gid).append(" groups=");
        for (int i = 0; i < supplementaryGroups.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(supplementaryGroups.get(i));
        }
        return sb.toString();
    }
}

package dev.hsu.core.unit;

import dev.hsu.spi.ProcessIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The account a unit runs as ({@code user:}, {@code group:}, {@code supplementary_groups:}),
 * resolved to numbers when the configuration was loaded, with what the account gives its
 * sessions: the home directory and login shell. Immutable.
 *
 * <p>The unit's process runs with exactly these ids (real, effective and saved) and groups, and
 * gets {@code HOME}, {@code USER}, {@code LOGNAME} and {@code SHELL} from here over the master's
 * environment, unless the unit's own environment sets them.
 *
 * @param user the account name; for a numeric id with no account, the number as text
 * @param uid the user id, 0 or more
 * @param gid the primary group id, 0 or more
 * @param supplementaryGroups the supplementary groups, exactly (empty: none)
 * @param home the home directory, or null when unknown (then {@code HOME} is not set from here)
 * @param shell the login shell, or null when unknown
 */
public record UnitIdentity(String user, int uid, int gid, List<Integer> supplementaryGroups, String home,
                           String shell) {

    public UnitIdentity {
        Objects.requireNonNull(user, "user");
        supplementaryGroups = List.copyOf(supplementaryGroups);
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must be 0 or more, got " + uid + " and " + gid);
        }
    }

    /** What the launcher switches to. */
    public ProcessIdentity processIdentity() {
        return new ProcessIdentity(uid, gid, supplementaryGroups);
    }

    /** {@code HOME}, {@code USER}, {@code LOGNAME} and {@code SHELL} as a login would set them. */
    public Map<String, String> accountVariables() {
        Map<String, String> env = new LinkedHashMap<>();
        if (home != null) {
            env.put("HOME", home);
        }
        env.put("USER", user);
        env.put("LOGNAME", user);
        if (shell != null) {
            env.put("SHELL", shell);
        }
        return env;
    }

    /** {@code postgres (uid 999, gid 999, groups 999,108)}, for messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder(user).append(" (uid ").append(uid).append(", gid ").append(gid)
                .append(", groups ");
        if (supplementaryGroups.isEmpty()) {
            sb.append("none");
        }
        for (int i = 0; i < supplementaryGroups.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(supplementaryGroups.get(i));
        }
        return sb.append(')').toString();
    }
}

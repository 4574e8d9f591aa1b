package dev.hsu.app.config;

import dev.hsu.core.unit.UnitIdentity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps {@code user:}, {@code group:} and {@code supplementary_groups:} (names or numeric ids) to
 * a {@link UnitIdentity}, and {@code umask:}. Stateless.
 *
 * <ul>
 *   <li>{@code user:} an account name, or a numeric id (which needs no account; without one,
 *       {@code group:} is required and {@code HOME} is {@code /}).</li>
 *   <li>{@code group:} the primary group; default the account's.</li>
 *   <li>{@code supplementary_groups:} exactly these groups ({@code []}: none); default the
 *       groups {@code initgroups(3)} gives: the primary group and every group listing the user.</li>
 * </ul>
 */
final class IdentityMapper {
    private IdentityMapper() {
    }

    /** @return the identity, or null when no {@code user:} is given (or it is in error) */
    static UnitIdentity map(Section u, Accounts accounts) {
        String user = u.text("user");
        String group = u.text("group");
        List<String> supplementary = u.strings("supplementary_groups");
        if (user == null) {
            if (group != null || supplementary != null) {
                u.error(group != null ? "group" : "supplementary_groups", "needs user: too; give the user to run as "
                        + "(user: root keeps root's user id)");
            }
            return null;
        }
        try {
            return resolve(u, accounts, user.strip(), group == null ? null : group.strip(), supplementary);
        } catch (IOException e) {
            u.error("user", "cannot read the account files " + accounts.passwdFile() + " and " + accounts.groupFile()
                    + " (" + e.getMessage() + "); make them readable by the master");
            return null;
        }
    }

    private static UnitIdentity resolve(Section u, Accounts accounts, String user, String group,
                                        List<String> supplementary) throws IOException {
        if (user.isEmpty()) {
            u.error("user", "is empty; give a user name or numeric id, or remove it");
            return null;
        }
        Optional<Accounts.User> account = accounts.user(user);
        Integer uid = account.map(Accounts.User::uid).orElse(Accounts.number(user));
        if (uid == null) {
            u.error("user", "unknown user '" + user + "': no such account in " + accounts.passwdFile()
                    + Suggestions.closest(user, accounts.userNames()).map(s -> "; did you mean '" + s + "'?")
                            .orElse("; create it (useradd), fix the name, or give a numeric id"));
            return null;
        }
        Integer gid;
        if (group != null) {
            gid = groupId(u, "group", group, accounts);
            if (gid == null) {
                return null;
            }
        } else if (account.isPresent()) {
            gid = account.get().gid();
        } else {
            u.error("user", "user id " + uid + " has no account in " + accounts.passwdFile()
                    + ", so its primary group is unknown; add group: (a name or numeric id)");
            return null;
        }
        List<Integer> groups;
        if (supplementary != null) {
            groups = new ArrayList<>();
            for (int i = 0; i < supplementary.size(); i++) {
                Integer g = groupId(u, "supplementary_groups[" + i + "]", supplementary.get(i).strip(), accounts);
                if (g == null) {
                    return null;
                }
                if (!groups.contains(g)) {
                    groups.add(g);
                }
            }
        } else {
            String name = account.map(Accounts.User::name).orElse(null);
            groups = name == null ? List.of(gid) : accounts.initgroups(name, gid);
        }
        String name = account.map(Accounts.User::name).orElse(user);
        String home = account.map(Accounts.User::home).orElse("/");
        String shell = account.map(Accounts.User::shell).orElse(null);
        return new UnitIdentity(name, uid, gid, groups, home, shell);
    }

    private static Integer groupId(Section u, String field, String group, Accounts accounts) throws IOException {
        Optional<Accounts.Group> g = accounts.group(group);
        if (g.isPresent()) {
            return g.get().gid();
        }
        Integer id = Accounts.number(group);
        if (id == null) {
            String message = "unknown group '" + group + "': no such group in " + accounts.groupFile()
                    + Suggestions.closest(group, accounts.groupNames()).map(s -> "; did you mean '" + s + "'?")
                            .orElse("; create it (groupadd), fix the name, or give a numeric id");
            u.scope().error(u.scope().locate(field), field, message);
        }
        return id;
    }

    /** {@code umask:} as octal digits ({@code "027"}, {@code 0027}, {@code 22}); null if absent or in error. */
    static Integer umask(Section u) {
        String text = u.text("umask");
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("0o") || t.startsWith("0O")) {
            t = t.substring(2);
        }
        if (!t.matches("[0-7]{1,4}") || Integer.parseInt(t, 8) > 0777) {
            u.error("umask", "must be an octal mask from 000 to 777, e.g. \"027\" (files 640, directories 750), got '"
                    + text + "'");
            return null;
        }
        return Integer.parseInt(t, 8);
    }
}

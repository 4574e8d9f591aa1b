package dev.hsu.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The host's user and group accounts, read from {@code passwd} and {@code group} files once per
 * configuration load (never per start), to resolve {@code user:}, {@code group:} and
 * {@code supplementary_groups:} and to give the unit the account's home and shell.
 *
 * <p>Platform note: the files are read directly, without NSS: accounts that exist only in LDAP,
 * SSSD or systemd-homed are not found by name (their numeric ids still work).
 *
 * <p>Thread-safety: an instance reads its files at most once each and is then immutable; safe
 * from any thread.
 */
public final class Accounts {
    /** One line of {@code passwd}. */
    record User(String name, int uid, int gid, String home, String shell) {
    }

    /** One line of {@code group}. */
    record Group(String name, int gid, List<String> members) {
    }

    private final Path passwdFile;
    private final Path groupFile;
    private List<User> users;
    private List<Group> groups;

    /**
     * @param passwdFile normally {@code /etc/passwd}
     * @param groupFile normally {@code /etc/group}
     */
    public Accounts(Path passwdFile, Path groupFile) {
        this.passwdFile = Objects.requireNonNull(passwdFile, "passwdFile");
        this.groupFile = Objects.requireNonNull(groupFile, "groupFile");
    }

    /** This host's {@code /etc/passwd} and {@code /etc/group}. */
    public static Accounts system() {
        return new Accounts(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    Path passwdFile() {
        return passwdFile;
    }

    Path groupFile() {
        return groupFile;
    }

    /** The account with this name, else (for a number) the first with this uid. */
    synchronized Optional<User> user(String nameOrId) throws IOException {
        for (User u : users()) {
            if (u.name().equals(nameOrId)) {
                return Optional.of(u);
            }
        }
        Integer id = number(nameOrId);
        if (id != null) {
            for (User u : users()) {
                if (u.uid() == id) {
                    return Optional.of(u);
                }
            }
        }
        return Optional.empty();
    }

    /** The group with this name, else (for a number) the first with this gid. */
    synchronized Optional<Group> group(String nameOrId) throws IOException {
        for (Group g : groups()) {
            if (g.name().equals(nameOrId)) {
                return Optional.of(g);
            }
        }
        Integer id = number(nameOrId);
        if (id != null) {
            for (Group g : groups()) {
                if (g.gid() == id) {
                    return Optional.of(g);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The groups {@code initgroups(user, gid)} gives: {@code gid} first, then every group that
     * lists {@code user} as a member, in file order, each once.
     */
    synchronized List<Integer> initgroups(String user, int gid) throws IOException {
        Set<Integer> out = new LinkedHashSet<>();
        out.add(gid);
        for (Group g : groups()) {
            if (g.members().contains(user)) {
                out.add(g.gid());
            }
        }
        return List.copyOf(out);
    }

    synchronized List<String> userNames() throws IOException {
        return users().stream().map(User::name).toList();
    }

    synchronized List<String> groupNames() throws IOException {
        return groups().stream().map(Group::name).toList();
    }

    /** A non-negative id in the range of {@code uid_t}, or null if {@code text} is not one. */
    static Integer number(String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long v = Long.parseLong(text);
        // (uid_t) -1 means "no change" to setresuid: never a real id.
        return v < 0xFFFFFFFFL && v <= Integer.MAX_VALUE ? (int) v : null;
    }

    private List<User> users() throws IOException {
        if (users == null) {
            List<User> out = new ArrayList<>();
            for (String[] f : fields(passwdFile)) {
                Integer uid = f.length >= 7 ? number(f[2]) : null;
                Integer gid = f.length >= 7 ? number(f[3]) : null;
                if (uid != null && gid != null) {
                    out.add(new User(f[0], uid, gid, f[5].isEmpty() ? "/" : f[5], f[6].isEmpty() ? "/bin/sh" : f[6]));
                }
            }
            users = List.copyOf(out);
        }
        return users;
    }

    private List<Group> groups() throws IOException {
        if (groups == null) {
            List<Group> out = new ArrayList<>();
            for (String[] f : fields(groupFile)) {
                Integer gid = f.length >= 3 ? number(f[2]) : null;
                if (gid != null) {
                    List<String> members = f.length < 4 || f[3].isBlank() ? List.of()
                            : List.of(f[3].strip().split("\\s*,\\s*"));
                    out.add(new Group(f[0], gid, members));
                }
            }
            groups = List.copyOf(out);
        }
        return groups;
    }

    /** Colon-separated fields of each account line; comments, blanks and NIS {@code +}/{@code -} lines skipped. */
    private static List<String[]> fields(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out; // no accounts known by name; numeric ids still work
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
                continue;
            }
            out.add(line.split(":", -1));
        }
        return out;
    }
}

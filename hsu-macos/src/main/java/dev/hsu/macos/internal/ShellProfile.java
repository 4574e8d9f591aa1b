package dev.hsu.macos.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the exec trampoline needs to know about this host's {@code /bin/sh}, found out once. On
 * macOS {@code /bin/sh} runs bash 3.2 in POSIX mode unless an administrator chose dash or zsh
 * ({@code /private/var/select/sh}); all of them change what they export (bash sets {@code PWD} and
 * {@code SHLVL} and drops {@code _}), so the final exec always goes through {@code env(1)}, which
 * puts those variables back to the unit's values.
 *
 * @param shell absolute path of the shell
 * @param processLimitOption {@code -u} (bash, zsh) or {@code -p} (dash)
 * @param nice absolute path of nice(1), or null
 * @param env absolute path of env(1), or null
 */
record ShellProfile(String shell, String processLimitOption, String nice, String env) {

    static final List<String> SHELL_MANAGED_VARIABLES = List.of("PWD", "SHLVL", "_");

    /**
     * @param succeeds runs a script with {@code /bin/sh -c} and says whether it exited 0
     */
    static ShellProfile detect(Predicate<String> succeeds, Predicate<Path> executable) {
        String option = succeeds.test("ulimit -u >/dev/null 2>&1") ? "-u" : "-p";
        return new ShellProfile("/bin/sh", option, first(executable, "/usr/bin/nice", "/bin/nice"),
                first(executable, "/usr/bin/env", "/bin/env"));
    }

    static Predicate<Path> realExecutable() {
        return p -> Files.isRegularFile(p) && Files.isExecutable(p);
    }

    private static String first(Predicate<Path> executable, String... candidates) {
        for (String c : candidates) {
            if (executable.test(Path.of(c))) {
                return c;
            }
        }
        return null;
    }
}

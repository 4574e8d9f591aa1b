package dev.hsu.linux.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the exec trampoline needs to know about this host's {@code /bin/sh}, found out once.
 *
 * <ul>
 *   <li>The {@code ulimit} option for the process count: {@code -u} in bash, busybox and mksh,
 *       {@code -p} in dash (where bash's {@code -p} is the read-only pipe size).</li>
 *   <li>How to give the program exactly the unit's environment. Shells add to what they export:
 *       dash sets {@code PWD}; bash sets {@code PWD}, {@code SHLVL} (and lowers it on
 *       {@code exec}, recreating it even when unset) and drops {@code _}. For dash, the script
 *       restores {@code PWD} itself; for any other shell the final exec goes through
 *       {@code env(1)}, which sets or unsets those variables to the unit's values.</li>
 * </ul>
 *
 * @param shell absolute path of the shell
 * @param processLimitOption {@code -u} or {@code -p}; null if neither works (max_processes
 *     then cannot be set)
 * @param pwdFixInScript true for dash: only {@code PWD} needs repair and the script does it
 * @param nice absolute path of nice(1), or null if missing (niceness then cannot be set)
 * @param env absolute path of env(1), or null if missing
 */
record ShellProfile(String shell, String processLimitOption, boolean pwdFixInScript, String nice, String env) {

    /** The variables a non-dash shell may add, change or drop in what it exports. */
    static final List<String> SHELL_MANAGED_VARIABLES = List.of("PWD", "SHLVL", "_");

    private static final String SHELL = "/bin/sh";

    /**
     * Inspects {@code /bin/sh} and runs it once ({@code ulimit -u}) to learn its process-limit
     * option. Costs one spawn of about a millisecond.
     *
     * @throws IllegalStateException if {@code /bin/sh} is missing or not executable
     */
    static ShellProfile detect() {
        Path shell = Path.of(SHELL);
        if (!Files.isRegularFile(shell) || !Files.isExecutable(shell)) {
            throw new IllegalStateException(SHELL + " is missing or not executable; the exec trampoline that "
                    + "applies limits and niceness needs a POSIX shell there");
        }
        String realName;
        try {
            realName = shell.toRealPath().getFileName().toString().toLowerCase(Locale.ROOT);
        } catch (java.io.IOException e) {
            realName = "sh";
        }
        String processOption = succeeds("ulimit -u >/dev/null 2>&1") ? "-u"
                : succeeds("ulimit -p >/dev/null 2>&1") ? "-p" : null;
        return new ShellProfile(SHELL, processOption, realName.equals("dash"),
                firstExecutable("/usr/bin/nice", "/bin/nice"), firstExecutable("/usr/bin/env", "/bin/env"));
    }

    private static boolean succeeds(String script) {
        byte[] devNull = "/dev/null".getBytes(StandardCharsets.UTF_8);
        SpawnPlan plan = new SpawnPlan(SHELL.getBytes(StandardCharsets.UTF_8),
                List.of(bytes(SHELL), bytes("-c"), bytes(script)), List.of(), null,
                List.of(new SpawnPlan.FdAction.Open(0, devNull, Sys.O_RDONLY, 0),
                        new SpawnPlan.FdAction.Open(1, devNull, Sys.O_WRONLY, 0),
                        new SpawnPlan.FdAction.Open(2, devNull, Sys.O_WRONLY, 0)));
        try (NativeBlock status = new NativeBlock(4)) {
            int pid = Spawner.spawn(plan);
            int r;
            do {
                // Our own child, not registered in the event loop: waiting for this pid is safe.
                r = Libc.waitpid(pid, status, 0);
            } while (r < 0 && Errno.last() == Errno.EINTR);
            return r == pid && status.getInt(0) == 0;
        } catch (NativeCallException e) {
            return false;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String firstExecutable(String... candidates) {
        for (String candidate : candidates) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return candidate;
            }
        }
        return null;
    }
}

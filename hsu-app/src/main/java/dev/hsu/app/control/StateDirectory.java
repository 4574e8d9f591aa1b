package dev.hsu.app.control;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The directory where a master keeps its control socket ({@value #SOCKET_FILE}) and pid file
 * ({@value #PID_FILE}). The master and the CLI resolve it the same way, so {@code hsu status}
 * finds the master that {@code hsu run} started:
 * <ol>
 *   <li>the {@code --state-dir} option,</li>
 *   <li>else the environment variable {@value #ENV_VARIABLE},</li>
 *   <li>else {@code $XDG_RUNTIME_DIR/hsu},</li>
 *   <li>else {@code /run/hsu} for root,</li>
 *   <li>else {@code /tmp/hsu-<uid>}.</li>
 * </ol>
 * Immutable and thread-safe.
 *
 * <p>Platform note: on Windows there is no uid; the fallback is {@code %LOCALAPPDATA%\hsu} (or
 * {@code <java.io.tmpdir>/hsu-<user name>}), and ownership is left to the directory's ACL.
 *
 * @param path the directory, absolute, never null
 */
public record StateDirectory(Path path) {

    /** The environment variable that names the state directory. */
    public static final String ENV_VARIABLE = "HSU_STATE_DIR";
    /** The control socket's file name inside the directory. */
    public static final String SOCKET_FILE = "hsu.sock";
    /** The pid file's name inside the directory. */
    public static final String PID_FILE = "hsu.pid";

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    public StateDirectory {
        Objects.requireNonNull(path, "path");
        path = path.toAbsolutePath().normalize();
    }

    /**
     * Resolves the state directory for the current user from the option and the process
     * environment.
     *
     * @param option the {@code --state-dir} value, or null when not given
     */
    public static StateDirectory resolve(Path option) {
        return resolve(option, System.getenv(), CurrentUser.uid());
    }

    /**
     * Resolves the state directory; the inputs are parameters so the rules can be tested.
     *
     * @param option the {@code --state-dir} value, or null when not given
     * @param env the environment to read {@value #ENV_VARIABLE} and {@code XDG_RUNTIME_DIR} from
     * @param uid the numeric user id, or -1 where the platform has none (Windows)
     */
    public static StateDirectory resolve(Path option, Map<String, String> env, long uid) {
        if (option != null) {
            return new StateDirectory(option);
        }
        String fromEnv = env.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new StateDirectory(Path.of(fromEnv));
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return new StateDirectory(Path.of(runtime, "hsu"));
        }
        if (uid == 0) {
            return new StateDirectory(Path.of("/run/hsu"));
        }
        if (uid < 0) {
            String local = env.get("LOCALAPPDATA");
            return local != null && !local.isBlank()
                    ? new StateDirectory(Path.of(local, "hsu"))
                    : new StateDirectory(Path.of(System.getProperty("java.io.tmpdir"),
                            "hsu-" + System.getProperty("user.name")));
        }
        return new StateDirectory(Path.of("/tmp", "hsu-" + uid));
    }

    /** The control socket, {@code <dir>/hsu.sock}. */
    public Path socketFile() {
        return path.resolve(SOCKET_FILE);
    }

    /** The pid file, {@code <dir>/hsu.pid}. */
    public Path pidFile() {
        return path.resolve(PID_FILE);
    }

    /**
     * Creates the directory with mode 0700 if it is missing (parents too, with default modes), and
     * refuses one that is not a directory or, on POSIX systems, belongs to another user: a
     * directory in {@code /tmp} that somebody else prepared could host a socket impersonating the
     * master.
     *
     * @throws IOException naming the directory and what is wrong with it
     */
    public void ensureExists() throws IOException {
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(path.getParent());
            try {
                if (posix) {
                    Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                    // the umask may have removed bits we asked for, never added any; set exactly
                    Files.setPosixFilePermissions(path, OWNER_ONLY_DIR);
                } else {
                    Files.createDirectory(path);
                }
            } catch (FileAlreadyExistsException raced) {
                // another process created it at the same moment; the checks below still apply
            }
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the HSU state directory " + path + " is not a directory (or is a symbolic link);"
                    + " remove it or choose another with --state-dir or " + ENV_VARIABLE);
        }
        if (posix) {
            long owner = ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
            long me = CurrentUser.uid();
            if (me >= 0 && owner != me) {
                throw new IOException("the HSU state directory " + path + " belongs to uid " + owner
                        + ", not to the current user (uid " + me + "); choose another with --state-dir or "
                        + ENV_VARIABLE);
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}

package dev.hsu.app.cli;

import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.MasterNotRunningException;
import dev.hsu.app.control.StateDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * {@code hsu daemon FILE} and {@code hsu run -d FILE}: starts the master in the background and
 * returns once it serves its control API.
 *
 * <p>How: the same program is started again ({@code java ... dev.hsu.app.cli.Main run --state-dir
 * DIR FILE}, with this JVM's own options) through {@code setsid}, so that it leads a session of
 * its own without a controlling terminal (a closing terminal's SIGHUP, or Ctrl-C in it, never
 * reaches it), with stdin from {@code /dev/null} and stdout and stderr appended to the master log
 * {@code <state dir>/hsu.log}. This process then waits, event-driven, until the new master's
 * socket appears in the state directory and answers and its pid file names it, or until it
 * exits: then what it wrote to the log (the configuration's problems, "another master runs
 * here", ...) is shown here, and its exit code returned.
 *
 * <p>Platform note: without {@code setsid(1)} (not Linux) the master is started in this
 * process's session; it ignores nothing but keeps running when this process exits.
 */
final class Daemonizer {
    /** The master log's name in the state directory. */
    static final String LOG_FILE = "hsu.log";
    /** How long the master may take to answer. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final PrintWriter out;
    private final PrintWriter err;

    Daemonizer(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** @return the exit code for this process */
    int start(Path file, StateDirectory state) throws InterruptedException {
        Path config = file.toAbsolutePath().normalize();
        ControlClient client = new ControlClient(state, Duration.ofSeconds(5));
        OptionalLong running = answeringPid(client, state);
        if (running.isPresent()) {
            err.println("hsu: an HSU master (pid " + running.getAsLong() + ") already runs on the state directory "
                    + state + "; stop it first (hsu shutdown) or choose another with --state-dir or HSU_STATE_DIR");
            return ExitCodes.FAILURE;
        }
        Path log = state.path().resolve(LOG_FILE);
        long logStart;
        Process master;
        try (WatchService watch = state.path().getFileSystem().newWatchService()) {
            state.ensureExists();
            state.path().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            logStart = Files.exists(log) ? Files.size(log) : 0;
            List<String> command = new ArrayList<>(command(config, state));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            pb.environment().remove("HSU_STATE_DIR"); // --state-dir names it
            master = pb.start();
            // its exit ends the wait at once: closing the watch service wakes poll()
            master.onExit().thenRun(() -> closeQuietly(watch));
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (master.isAlive()) {
                if (answeringPid(client, state).orElse(-1) == master.pid()) {
                    out.println("hsu: master started in the background (pid " + master.pid() + ") for " + config);
                    out.println("hsu: state directory " + state + ", log " + log + "; stop it with hsu shutdown");
                    out.flush();
                    return ExitCodes.OK;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    err.println("hsu: the master (pid " + master.pid() + ") did not answer on " + state.socketFile()
                            + " within " + START_TIMEOUT.toSeconds() + " s; see " + log);
                    return ExitCodes.FAILURE;
                }
                try {
                    Optional.ofNullable(watch.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS))
                            .ifPresent(key -> {
                                key.pollEvents();
                                key.reset();
                            });
                } catch (ClosedWatchServiceException exited) {
                    break;
                }
            }
        } catch (IOException e) {
            err.println("hsu: cannot start the master in the background: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        int code = master.waitFor();
        err.println("hsu: the master exited with code " + code + " before it was ready:");
        for (String line : tail(log, logStart)) {
            err.println("  " + line);
        }
        err.flush();
        return code == 0 ? ExitCodes.FAILURE : code;
    }

    /** The pid of the master answering on the state directory, if one does. */
    private static OptionalLong answeringPid(ControlClient client, StateDirectory state) {
        if (!Files.exists(state.socketFile())) {
            return OptionalLong.empty();
        }
        try {
            if (client.send("GET", "/v1/units", null).status() != 200) {
                return OptionalLong.empty();
            }
            String text = Files.readString(state.pidFile(), StandardCharsets.US_ASCII).strip();
            return text.matches("\\d+") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.of(0);
        } catch (MasterNotRunningException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** This program again, with this JVM's options: {@code run --state-dir DIR FILE}. */
    static List<String> command(Path config, StateDirectory state) {
        List<String> command = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString());
        }
        ProcessHandle.Info self = ProcessHandle.current().info();
        String[] args = self.arguments().orElse(new String[0]);
        int main = List.of(args).indexOf(Main.class.getName());
        command.add(self.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (main >= 0) {
            command.addAll(List.of(args).subList(0, main + 1));
        } else {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
        }
        command.addAll(List.of("run", "--state-dir", state.path().toString(), config.toString()));
        return command;
    }

    /** What the master wrote to its log since {@code from}. */
    private static List<String> tail(Path log, long from) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            long start = Math.max(from, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - start)];
            f.seek(start);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    private static void closeQuietly(WatchService watch) {
        try {
            watch.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}

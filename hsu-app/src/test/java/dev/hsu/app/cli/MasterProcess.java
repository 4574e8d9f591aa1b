package dev.hsu.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsu.app.control.ControlClient;
import dev.hsu.app.control.StateDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real masters and the CLI for end-to-end tests: a master is {@code java -cp <test class path>
 * dev.hsu.app.cli.Main run --state-dir DIR FILE} in a JVM of its own (or the same through
 * {@code daemon}), its output in files. Every process it reports (units and their children) is
 * remembered, and {@link #killAll()} kills whatever of them is still alive, so a failed test
 * leaves nothing behind. Not thread-safe; one per test.
 */
final class MasterProcess {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path state;
    /** Handles, not pids: a handle kills only the process it was taken of (the JDK checks its start time). */
    private final java.util.Map<Long, ProcessHandle> seen = new java.util.LinkedHashMap<>();
    private final List<Process> masters = new ArrayList<>();

    MasterProcess(Path dir) {
        this.dir = dir;
        this.state = dir.resolve("state");
    }

    /** {@code hsu run --state-dir STATE FILE} in the background, stdout and stderr in {@code name}.out/.err. */
    Process run(Path file, String name) throws IOException {
        return run(file, name, List.of());
    }

    /** {@link #run}, the master's JVM started with SIGHUP ignored, as {@code nohup} starts it. */
    Process runWithHangupIgnored(Path file, String name) throws IOException {
        return run(file, name, List.of("/bin/sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
    }

    private Process run(Path file, String name, List<String> wrapper) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(java(), "-cp", System.getProperty("java.class.path"),
                "--enable-native-access=ALL-UNNAMED", Main.class.getName(), "run", "--state-dir", state.toString(),
                file.toString()));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
        masters.add(p);
        return p;
    }

    /** Runs {@code java ... Main ARGS} to its end; returns its exit code, output in {@link #lastOutput}. */
    int cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                "--enable-native-access=ALL-UNNAMED", Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("cli.out");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        int code = p.waitFor();
        lastOutput = Files.readString(out);
        return code;
    }

    String lastOutput = "";

    /** The CLI in this JVM (for commands that talk to the master): exit code; output in {@link #lastOutput}. */
    int inProcess(String... args) {
        StringWriter out = new StringWriter();
        picocli.CommandLine cl = Cli.commandLine(() -> null);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--state-dir");
        all.add(state.toString());
        int code = cl.execute(all.toArray(String[]::new));
        lastOutput = out.toString();
        return code;
    }

    /** {@code GET /v1/units} as JSON; remembers every pid in it and its descendants. */
    JsonNode units() throws IOException {
        JsonNode units = new ControlClient(new StateDirectory(state)).send("GET", "/v1/units", null).body();
        for (JsonNode u : units) {
            remember(u.path("pid").asLong());
            for (JsonNode r : u.path("replicas")) {
                remember(r.path("pid").asLong());
            }
        }
        return units;
    }

    /** The unit's pid from the API, -1 when it has none (or is unknown); remembered. */
    long pid(String unit) throws IOException {
        for (JsonNode u : units()) {
            if (u.path("name").asText().equals(unit)) {
                return u.path("pid").asLong(-1);
            }
        }
        return -1;
    }

    String state(String unit) throws IOException {
        for (JsonNode u : units()) {
            if (u.path("name").asText().equals(unit)) {
                return u.path("state").asText();
            }
        }
        return "(unknown)";
    }

    /** Remembers {@code pid} and its descendants now, for the final clean-up. */
    void remember(long pid) {
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(h -> {
                seen.putIfAbsent(pid, h);
                h.descendants().forEach(d -> seen.putIfAbsent(d.pid(), d));
            });
        }
    }

    /** The master pid in the state directory's pid file. */
    long masterPid() {
        try {
            return Long.parseLong(Files.readString(state.resolve("hsu.pid")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    String output(String name) {
        try {
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            return "--- " + name + ".out\n" + (Files.exists(out) ? Files.readString(out) : "") + "--- " + name
                    + ".err\n" + (Files.exists(err) ? Files.readString(err) : "");
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Kills every master and every unit process seen, if still alive. */
    void killAll() {
        for (Process p : masters) {
            p.destroyForcibly();
        }
        for (ProcessHandle h : seen.values()) {
            h.destroyForcibly();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

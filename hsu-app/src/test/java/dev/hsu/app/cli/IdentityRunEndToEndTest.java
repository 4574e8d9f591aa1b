package dev.hsu.app.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.app.platform.PlatformSelector;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environment layers, env file secrets and user switching through the real CLI: {@code hsu run}
 * and {@code hsu status -o json} in JVMs of their own, and {@code hsu validate} run by a master
 * that is not root.
 */
@EnabledOnOs(OS.LINUX)
class IdentityRunEndToEndTest {
    private static final String SECRET = "Zq9-hunter2-S3CRET";
    private static final Pattern PID = Pattern.compile("RUNNING\\s+pid (\\d+)");

    @TempDir
    Path dir;

    private Process hsu;
    private Path stdoutFile;
    private Path stderrFile;

    @BeforeEach
    void needsTheLinuxAdapter() {
        assumeTrue(PlatformSelector.discover().stream()
                .anyMatch(c -> c.provider() != null && c.provider().id().equals("linux")), "no linux provider");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (hsu != null && hsu.isAlive()) {
            hsu.destroyForcibly();
        }
        Matcher m = PID.matcher(read(stdoutFile));
        while (m.find()) {
            ProcessHandle.of(Long.parseLong(m.group(1))).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static String read(Path file) throws IOException {
        return file == null || !Files.exists(file) ? "" : Files.readString(file);
    }

    private String transcript() throws IOException {
        return "--- stdout\n" + read(stdoutFile) + "--- stderr\n" + read(stderrFile);
    }

    private static List<String> java(String classPath, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "--enable-native-access=ALL-UNNAMED", "dev.hsu.app.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void layersArePrecedenceOrderedAndAnEnvFileSecretIsInNoLogLineAndNoStatus() throws Exception {
        Files.writeString(dir.resolve("app.env"), "# database\nexport DB_PASSWORD='" + SECRET + "'\nLAYER=file1\r\n"
                + "TOP=file\nFROM_FILE=yes\n");
        Files.writeString(dir.resolve("override.env"), "LAYER=file2\n");
        Path yaml = Files.writeString(dir.resolve("hsu.yaml"), """
                units:
                  show:
                    executable: /bin/sh
                    env_file: [app.env, override.env, {path: absent.env, required: false}]
                    environment:
                      TOP: env
                      DERIVED: "${ONLY_MASTER}-${MISSING:-dflt}-$$"
                    args:
                      - -c
                      - |
                        echo "LAYER=$LAYER TOP=$TOP ONLY_MASTER=$ONLY_MASTER FROM_FILE=$FROM_FILE DERIVED=$DERIVED"
                        [ "$DB_PASSWORD" = "$1" ] && echo PASSWORD-MATCHES
                        exec sleep 1000
                      - sh
                      - "${DB_PASSWORD}"
                  leaky:
                    executable: /bin/true
                    env_file: app.env
                    working_directory: /nonexistent/${DB_PASSWORD}/dir
                    restart: {policy: never}
                """);
        stdoutFile = dir.resolve("hsu.out");
        stderrFile = dir.resolve("hsu.err");
        Path state = dir.resolve("state");
        ProcessBuilder pb = new ProcessBuilder(java(System.getProperty("java.class.path"), "run",
                "--state-dir", state.toString(), yaml.toString()));
        Map<String, String> env = pb.environment();
        env.put("LAYER", "master");
        env.put("TOP", "master");
        env.put("ONLY_MASTER", "m");
        env.remove("MISSING");
        hsu = pb.directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(stdoutFile.toFile()).redirectError(stderrFile.toFile()).start();

        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> read(stdoutFile)
                    .matches("(?s).*show +\\| PASSWORD-MATCHES.*") && read(stdoutFile).matches("(?s).*leaky +FAILED.*"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + transcript(), e);
        }
        String out = read(stdoutFile);
        assertTrue(out.contains("| LAYER=file2 TOP=env ONLY_MASTER=m FROM_FILE=yes DERIVED=m-dflt-$\n"),
                transcript());
        assertTrue(out.contains("/nonexistent/******/dir does not exist"),
                "the launch error is shown with the secret masked\n" + transcript());

        ProcessBuilder status = new ProcessBuilder(java(System.getProperty("java.class.path"), "status", "-o", "json",
                "--state-dir", state.toString()));
        Path json = dir.resolve("status.json");
        Process st = status.redirectOutput(json.toFile()).redirectErrorStream(false)
                .redirectError(dir.resolve("status.err").toFile()).start();
        assertTrue(st.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, st.exitValue(), read(dir.resolve("status.err")));
        String statusJson = read(json);
        assertTrue(statusJson.contains("\"name\" : \"leaky\"") || statusJson.contains("\"name\":\"leaky\""),
                statusJson);
        assertTrue(statusJson.contains("/nonexistent/******/dir"), statusJson);
        assertFalse(statusJson.contains(SECRET), statusJson);

        for (String format : List.of("json", "table")) {
            Path described = dir.resolve("describe." + format);
            Process d = new ProcessBuilder(java(System.getProperty("java.class.path"), "describe", "show", "-o", format,
                    "--state-dir", state.toString())).redirectOutput(described.toFile())
                    .redirectError(dir.resolve("describe.err").toFile()).start();
            assertTrue(d.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, d.exitValue(), read(dir.resolve("describe.err")));
            String text = read(described);
            assertTrue(text.contains("DB_PASSWORD") && text.contains("******"), text);
            assertTrue(text.contains("LAYER"), text);
            assertFalse(text.contains(SECRET), "hsu describe -o " + format + " shows the secret:\n" + text);
        }

        hsu.destroy();
        assertTrue(hsu.waitFor(30, TimeUnit.SECONDS), transcript());
        assertEquals(0, hsu.exitValue(), transcript());
        String all = transcript();
        assertFalse(all.contains(SECRET), "a log line shows the secret:\n" + all);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().endsWith(".log")) {
                    assertFalse(Files.readString(f).contains(SECRET), f + " shows the secret");
                }
            }
        }
    }

    @Test
    void aMasterThatIsNotRootIsToldAtValidationThatItCannotRunAUnitAsRoot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed");
        assumeTrue(Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.matches("Uid:\\s+\\d+\\s+0\\s.*")), "starting a master as nobody needs root");
        // nobody cannot read the build's class path where it lies (e.g. under /root): give it a copy.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lib = Files.createDirectory(dir.resolve("lib"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = lib.resolve(i++ + "-" + from.getFileName());
            copy(from, to);
            entries.add(to.toString());
        }
        Path yaml = Files.writeString(dir.resolve("hsu.yaml"), """
                units:
                  db:
                    executable: /bin/true
                    user: root
                  mine:
                    executable: /bin/true
                """);
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", "--"));
        command.addAll(java(String.join(File.pathSeparator, entries), "validate", yaml.toString()));
        stdoutFile = dir.resolve("validate.out");
        stderrFile = dir.resolve("validate.err");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectInput(new File("/dev/null"))
                .redirectOutput(stdoutFile.toFile()).redirectError(stderrFile.toFile()).start();
        hsu = p;
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), transcript());
        assertEquals(2, p.exitValue(), transcript());
        String err = read(stderrFile);
        assertTrue(err.contains(yaml + ":4:11: unit 'db': user: cannot run this unit as root (uid 0, gid 0, groups 0"),
                transcript());
        assertTrue(err.contains("the master runs as uid 65534, not root, without CAP_SETUID and CAP_SETGID, so it "
                + "cannot run units as another user; run the master as root"), transcript());
        assertTrue(err.lines().noneMatch(l -> l.contains(" INFO ")), "validate prints its result, no log lines: "
                + transcript());
        assertFalse(err.contains("unit 'mine'"), "a unit without user: is fine for any master\n" + transcript());
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
            return;
        }
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : tree.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(p, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }
}

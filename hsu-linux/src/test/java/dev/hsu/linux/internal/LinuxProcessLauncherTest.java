package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.Signal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes started by the launcher: exit codes, signals, argv/env/cwd, standard streams. */
class LinuxProcessLauncherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Children children = new Children();

    @TempDir
    Path tmp;

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    private ExitStatus exitOf(LaunchedProcess p) throws Exception {
        return p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void reportsTheExitCode() throws Exception {
        LaunchedProcess p = children.launch(Specs.sh("exit 7").build());
        assertEquals(new ExitStatus.Exited(7), exitOf(p));
        assertFalse(p.isAlive());
    }

    @Test
    void seesTheExitOfAChildThatEndsAtOnce() throws Exception {
        LaunchedProcess p = children.launch(Specs.run("/bin/true").build());
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
    }

    @Test
    void decodesADeathBySignal() throws Exception {
        LaunchedProcess segv = children.launch(Specs.sh("kill -SEGV $$").build());
        ExitStatus status = exitOf(segv);
        assertTrue(status instanceof ExitStatus.Killed, status.toString());
        ExitStatus.Killed killed = (ExitStatus.Killed) status;
        assertEquals(11, killed.signalNumber());
        assertEquals(null, killed.signal()); // SIGSEGV has no portable name

        LaunchedProcess term = children.launch(Specs.sh("kill -TERM $$").build());
        assertEquals(new ExitStatus.Killed(15, Signal.TERM, false), exitOf(term));
    }

    @Test
    void passesArgumentsEnvironmentAndWorkingDirectoryByteForByte() throws Exception {
        List<String> awkward = List.of("two words", "quote \" and ' ", "$HOME and `x`", "line\nbreak",
                "ünïcödé ✓ 日本", "", "*");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("SPACED", "a b  c");
        env.put("QUOTED", "\"'$x\\");
        env.put("UNICODE", "żółw 🐢");
        env.put("EMPTY", "");
        Path cwd = Files.createDirectories(tmp.resolve("work dir ü"));

        String[] args = new String[awkward.size()];
        LaunchedProcess p = children.launch(Specs.sh("sleep 1000; :", awkward.toArray(args)).env(env).cwd(cwd).build());

        awaitExecDone(p);
        byte[] expectedCmdline = nulJoined(concat(List.of("/bin/sh", "-c", "sleep 1000; :", "sh"), awkward));
        assertArrayEquals(expectedCmdline, Files.readAllBytes(Path.of("/proc/" + p.pid() + "/cmdline")));
        assertEquals(envSet(env), envSet(Files.readAllBytes(Path.of("/proc/" + p.pid() + "/environ"))));
        assertEquals(cwd.toRealPath(), Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/cwd")));
    }

    @Test
    void argvZeroIsTheExecutableAsGivenWhenFoundThroughPath() throws Exception {
        LaunchedProcess p = children.launch(Specs.run("sleep", "1000").build());
        awaitExecDone(p);
        assertArrayEquals(nulJoined(List.of("sleep", "1000")),
                Files.readAllBytes(Path.of("/proc/" + p.pid() + "/cmdline")));
    }

    @Test
    void relativeExecutableIsResolvedAgainstTheWorkingDirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        Path script = dir.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\necho hello from \"$0\"\n");
        script.toFile().setExecutable(true);
        CollectingSink out = new CollectingSink();
        LaunchedProcess p = children.launch(Specs.run("./hello.sh").cwd(dir)
                .stdout(new OutputTarget.Capture(out)).build());
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        await().atMost(WAIT).until(out::isClosed);
        assertEquals("hello from ./hello.sh\n", out.text());
    }

    @Test
    void capturesStdoutAndStderrSeparately() throws Exception {
        CollectingSink out = new CollectingSink();
        CollectingSink err = new CollectingSink();
        LaunchedProcess p = children.launch(Specs.sh("echo to-out; echo to-err >&2; exit 3")
                .stdout(new OutputTarget.Capture(out)).stderr(new OutputTarget.Capture(err)).build());
        assertEquals(new ExitStatus.Exited(3), exitOf(p));
        await().atMost(WAIT).until(() -> out.isClosed() && err.isClosed());
        assertEquals("to-out\n", out.text());
        assertEquals("to-err\n", err.text());
    }

    @Test
    void oneSinkForBothStreamsSharesOnePipeAndKeepsTheOrder() throws Exception {
        CollectingSink both = new CollectingSink();
        OutputTarget capture = new OutputTarget.Capture(both);
        LaunchedProcess p = children.launch(Specs.sh("echo 1; echo 2 >&2; echo 3; echo 4 >&2")
                .stdout(capture).stderr(capture).build());
        exitOf(p);
        await().atMost(WAIT).until(both::isClosed);
        assertEquals("1\n2\n3\n4\n", both.text());
    }

    @Test
    void outputWrittenRightBeforeTheExitIsDeliveredBeforeTheExitIsReported() throws Exception {
        for (int run = 0; run < 5; run++) {
            CollectingSink out = new CollectingSink();
            LaunchedProcess p = children.launch(Specs.run("head", "-c", "1048576", "/dev/urandom")
                    .stdout(new OutputTarget.Capture(out)).build());
            // Evaluated on the event thread the moment the exit is reported.
            CompletableFuture<Integer> bytesAtExit = p.onExit().thenApply(status -> out.size());
            assertEquals(1048576, bytesAtExit.get(WAIT.toSeconds(), TimeUnit.SECONDS), "run " + run);
            await().atMost(WAIT).until(out::isClosed);
            assertEquals(1048576, out.size());
        }
    }

    @Test
    void anEndOfFileBeforeTheExitIsPassedOnWhenTheExitIs() throws Exception {
        CollectingSink out = new CollectingSink();
        LaunchedProcess p = children.launch(Specs.sh("printf tail; exec >&-; sleep 1")
                .stdout(new OutputTarget.Capture(out)).build());
        // Evaluated on the event thread the moment the exit is reported.
        CompletableFuture<Boolean> closedAtExit = p.onExit().thenApply(status -> out.isClosed());
        await().atMost(WAIT).until(() -> out.text().equals("tail"));
        // The pipe is at end of file now; the sink hears of it with the exit, not before.
        await().during(java.time.Duration.ofMillis(150)).atMost(WAIT).until(() -> !out.isClosed());
        assertTrue(p.isAlive());
        assertTrue(closedAtExit.get(WAIT.toSeconds(), TimeUnit.SECONDS), "closed before the exit was reported");
        assertEquals("tail", out.text());
    }

    @Test
    void outputKeepsFlowingAfterTheMainProcessExitedWhileADescendantHoldsThePipe() throws Exception {
        CollectingSink out = new CollectingSink();
        LaunchedProcess p = children.launch(Specs.sh("(sleep 0.3; echo late) & echo early")
                .stdout(new OutputTarget.Capture(out)).build());
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        assertFalse(out.isClosed(), "the background subshell still holds the pipe");
        await().atMost(WAIT).until(out::isClosed);
        assertEquals("early\nlate\n", out.text());
    }

    @Test
    void writesToFilesAppendingOrTruncatingAndCreatesParentDirectories() throws Exception {
        Path log = tmp.resolve("logs/nested/out.log");
        exitOf(children.launch(Specs.sh("echo one").stdout(new OutputTarget.ToFile(log, true)).build()));
        exitOf(children.launch(Specs.sh("echo two; echo err >&2")
                .stdout(new OutputTarget.ToFile(log, true)).stderr(new OutputTarget.ToFile(log, true)).build()));
        assertEquals("one\ntwo\nerr\n", Files.readString(log));
        assertEquals("0644", mode(log));

        exitOf(children.launch(Specs.sh("echo three").stdout(new OutputTarget.ToFile(log, false)).build()));
        assertEquals("three\n", Files.readString(log));
    }

    @Test
    void discardedOutputGoesNowhere() throws Exception {
        LaunchedProcess p = children.launch(Specs.sh("echo gone; echo gone >&2; exit 0")
                .stdout(OutputTarget.discard()).stderr(OutputTarget.discard()).cwd(tmp).build());
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void theChildLeadsItsOwnProcessGroup() throws Exception {
        LaunchedProcess p = children.launch(Specs.run("sleep", "1000").build());
        ProcStat stat = Children.PROC.stat(p.pid()).orElseThrow();
        assertEquals(p.pid(), stat.pgrp());
        assertTrue(stat.pgrp() != Children.PROC.stat(ProcessHandle.current().pid()).orElseThrow().pgrp());
    }

    @Test
    void theChildHasNoFileDescriptorBeyondTheStandardStreams() throws Exception {
        CollectingSink out = new CollectingSink();
        LaunchedProcess p = children.launch(Specs.run("sleep", "1000").stdout(new OutputTarget.Capture(out))
                .stderr(new OutputTarget.Capture(new CollectingSink())).build());
        // A launch may go through the exec trampoline (a v2 cgroup, rlimits): wait for the program.
        // sleep opens and closes fd 3 while it starts (ld.so.cache, libc, locale files: strace);
        // cmdline is already "sleep ..." then. A leaked fd stays: wait for the set to settle.
        await().atMost(WAIT).until(() -> cmdline(p.pid()).equals("sleep 1000"));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(Set.of("0", "1", "2"), fds(p.pid())));
        // And the same with rlimits set by the trampoline.
        LaunchedProcess limited = children.launch(Specs.run("sleep", "1001")
                .limits(dev.hsu.spi.ResourceLimits.builder().maxOpenFiles(256L).build()).build());
        await().atMost(WAIT).until(() -> cmdline(limited.pid()).equals("sleep 1001"));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(Set.of("0", "1", "2"), fds(limited.pid())));
        // stdin is the null device.
        assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/fd/0")));
    }

    @Test
    void theChildHasDefaultSignalDispositionsAndAnEmptyMask() throws Exception {
        LaunchedProcess p = children.launch(Specs.run("sleep", "1000").build());
        awaitExecDone(p);
        ProcStatusMasks masks = ProcStatusMasks.of(p.pid());
        assertEquals(0, masks.blocked(), "blocked signals");
        // Signals 1..31 at their defaults; glibc's posix_spawn sets its own internal real-time
        // signals (32, 33) to ignored in every child, which only glibc itself uses.
        assertEquals(0, masks.ignored() & 0x7fffffffL, "ignored standard signals");
    }

    @Test
    void startTimeIsTheKernelsAndStableAcrossCalls() throws Exception {
        Instant before = Instant.now().minusSeconds(2);
        LaunchedProcess p = children.launch(Specs.run("sleep", "1000").build());
        Instant start = p.startTime();
        assertTrue(start.isAfter(before) && start.isBefore(Instant.now().plusSeconds(2)), start.toString());
        assertEquals(start, p.startTime());
        children.signaller().killTree(p);
        exitOf(p);
        assertEquals(start, p.startTime());
    }

    @Test
    void startTimeAskedOnlyAfterTheExitIsStillKnown() throws Exception {
        Instant before = Instant.now().minusSeconds(2);
        LaunchedProcess p = children.launch(Specs.run("/bin/true").build());
        exitOf(p);
        assertTrue(p.startTime().isAfter(before), p.startTime().toString());
    }

    @Test
    void theExitFutureCannotBeCompletedByACaller() throws Exception {
        LaunchedProcess p = children.launch(Specs.run("sleep", "1000").build());
        p.onExit().complete(new ExitStatus.Exited(0));
        assertTrue(p.isAlive());
        assertFalse(p.onExit().isDone());
    }

    /**
     * posix_spawn returns once the child's exec has replaced its memory, but the kernel fills in
     * the argument area a moment later: until then /proc/pid/cmdline is empty.
     */
    /** Until the program runs: the exec trampoline (argv "sh -c SCRIPT hsu-exec ...") has replaced itself. */
    static void awaitExecDone(LaunchedProcess p) {
        await().atMost(WAIT).until(() -> {
            String c = cmdline(p.pid());
            return !c.isEmpty() && !c.contains(" " + Trampoline.ARG0 + " ");
        });
    }

    static String mode(Path file) throws Exception {
        return String.format("%04o", (Integer) Files.getAttribute(file, "unix:mode") & 07777);
    }

    static Set<String> fds(long pid) throws Exception {
        try (var entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return new TreeSet<>(entries.map(e -> e.getFileName().toString()).toList());
        }
    }

    static String cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (Exception e) {
            return "";
        }
    }

    record ProcStatusMasks(long blocked, long ignored) {
        static ProcStatusMasks of(long pid) throws Exception {
            long blocked = -1;
            long ignored = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("SigBlk:")) {
                    blocked = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                } else if (line.startsWith("SigIgn:")) {
                    ignored = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
            return new ProcStatusMasks(blocked, ignored);
        }
    }

    static byte[] nulJoined(List<String> strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : strings) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    static Set<String> envSet(Map<String, String> env) {
        Set<String> set = new TreeSet<>();
        env.forEach((k, v) -> set.add(k + "=" + v));
        return set;
    }

    static Set<String> envSet(byte[] environ) {
        Set<String> set = new TreeSet<>();
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            if (!entry.isEmpty()) {
                set.add(entry);
            }
        }
        return set;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

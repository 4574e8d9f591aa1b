package dev.hsu.app.control.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsu.app.control.ControlServer;
import dev.hsu.app.control.RealMaster;
import dev.hsu.app.control.StateDirectory;
import dev.hsu.core.Master;
import dev.hsu.core.UnitState;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.RestartPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator commands end to end: picocli parsing, the client, a real server and master. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControlCommandsTest {

    @TempDir
    Path tmp;

    private Master master;
    private ControlServer server;
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);

    /** One command run: exit code, stdout, stderr. */
    record Run(int exit, String out, String err) { }

    @BeforeEach
    void setUp() throws IOException {
        master = RealMaster.create(Files.createDirectory(tmp.resolve("logs")));
        master.register(ManagedUnit.builder("web").executable("/bin/sleep").args("300")
                .gracefulTimeout(Duration.ofSeconds(5)).build());
        master.register(ManagedUnit.builder("broken").executable(tmp.resolve("missing").toString())
                .restartPolicy(RestartPolicy.NEVER).build());
        server = new ControlServer(new StateDirectory(tmp.resolve("state")), master, shutdownRequested::countDown);
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.close();
        master.close();
    }

    private Run run(ControlCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command.spec()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--state-dir";
        all[args.length + 1] = tmp.resolve("state").toString();
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void statusPrintsATable() {
        Run r = run(new StatusCommand());
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].matches("UNIT +STATE +HEALTH +PID +UPTIME +RESTARTS +CPU +MEMORY +LAST EXIT"), lines[0]);
        assertTrue(lines[1].matches("web +REGISTERED +- +- +- +0 +- +- +-"), lines[1]);
        assertTrue(lines[2].startsWith("broken "), lines[2]);
    }

    @Test
    void statusAsJsonIsAnArrayOfUnitObjects() throws IOException {
        Run r = run(new StatusCommand(), "web", "-o", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode units = new ObjectMapper().readTree(r.out());
        assertEquals(1, units.size());
        assertEquals("web", units.get(0).get("name").asText());
        assertEquals(-1, units.get(0).get("pid").asLong());
    }

    @Test
    void statusOfAnUnknownUnitExits4() {
        Run r = run(new StatusCommand(), "web", "nope");
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("no unit named 'nope'; known units: web, broken"), r.err());
        assertTrue(r.out().contains("web"), r.out());
    }

    @Test
    void startStopAndRestart() {
        Run start = run(new StartCommand(), "web");
        assertEquals(0, start.exit(), start.err());
        long pid = master.status("web").orElseThrow().pid();
        assertTrue(start.out().contains("RUNNING") && start.out().contains(Long.toString(pid)), start.out());

        Run restart = run(new RestartCommand(), "web");
        assertEquals(0, restart.exit(), restart.err());
        long second = master.status("web").orElseThrow().pid();
        assertTrue(second != pid && second > 0);

        Run stop = run(new StopCommand(), "web", "-o", "json");
        assertEquals(0, stop.exit(), stop.err());
        assertTrue(stop.out().contains("\"state\" : \"STOPPED\""), stop.out());
        assertEquals(UnitState.STOPPED, master.status("web").orElseThrow().state());
        assertTrue(ProcessHandle.of(second).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void aFailedStartExits1AndSaysWhy() {
        Run r = run(new StartCommand(), "all");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("start of unit broken ended in state FAILED"), r.err());
        assertTrue(r.out().contains("web") && r.out().contains("RUNNING"), r.out());
    }

    @Test
    void anUnknownUnitExits4() {
        Run r = run(new StopCommand(), "nope");
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("no unit named 'nope'"), r.err());
    }

    @Test
    void signal() {
        Run notRunning = run(new SignalCommand(), "HUP", "web");
        assertEquals(1, notRunning.exit());
        assertTrue(notRunning.err().contains("has no running process"), notRunning.err());

        assertEquals(0, run(new StartCommand(), "web").exit());
        long pid = master.status("web").orElseThrow().pid();
        Run kill = run(new SignalCommand(), "kill", "web");
        assertEquals(0, kill.exit(), kill.err());
        assertEquals("sent SIGKILL to web (pid " + pid + ")\n", kill.out());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void anUnknownSignalIsAUsageError() {
        Run r = run(new SignalCommand(), "BOGUS", "web");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown signal 'BOGUS'"), r.err());
    }

    @Test
    void missingNamesAreAUsageError() {
        assertEquals(2, run(new StopCommand()).exit());
        assertEquals(2, run(new SignalCommand(), "HUP").exit());
    }

    @Test
    void shutdown() throws InterruptedException {
        Run r = run(new ShutdownCommand());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("pid " + ProcessHandle.current().pid()) && r.out().contains("shutting down"),
                r.out());
        assertTrue(shutdownRequested.await(10, TimeUnit.SECONDS));
    }

    @Test
    void statusShowsCpuAndMemoryOfARunningUnit() {
        assertEquals(0, run(new StartCommand(), "web").exit());
        Run r = run(new StatusCommand(), "web");
        assertEquals(0, r.exit(), r.err());
        String row = r.out().split("\n")[1];
        assertTrue(row.matches("web +RUNNING +- +\\d+ +\\d+s +0 +\\d+(\\.\\d)?% +\\d+(\\.\\d)?[KMG] +-"), row);
    }

    @Test
    void describeShowsDefinitionStatusOutputAndEvents() throws IOException {
        assertEquals(0, run(new StartCommand(), "web").exit());
        long pid = master.status("web").orElseThrow().pid();
        Run r = run(new DescribeCommand(), "web");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Unit:       web\nState:      RUNNING since "), r.out());
        assertTrue(r.out().contains("Process:    pid " + pid), r.out());
        assertTrue(r.out().matches("(?s).*Usage:      CPU [0-9.]+% .*memory [0-9.]+[KMG].*"), r.out());
        assertTrue(r.out().contains("Stdout:     console\n"), r.out());
        assertTrue(r.out().contains("  executable: /bin/sleep\n"), r.out());
        assertTrue(r.out().contains("  graceful_timeout: 5s\n"), r.out());
        assertTrue(r.out().matches("(?s).*Recent events:\n.*state +STARTING.*started +pid " + pid + ".*state +RUNNING.*"),
                r.out());

        Run json = run(new DescribeCommand(), "web", "-o", "json");
        JsonNode body = new ObjectMapper().readTree(json.out());
        assertEquals("/bin/sleep", body.path("definition").path("executable").asText());
        assertEquals(pid, body.path("status").path("pid").asLong());
        assertTrue(body.path("status").path("usage").path("memory_bytes").asLong() > 0, json.out());
        assertEquals(4, run(new DescribeCommand(), "nope").exit());
    }

    @Test
    void logsOfAUnitWhoseOutputGoesToTheConsoleSayHowToGetAFile() {
        Run r = run(new LogsCommand(), "web");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("the stdout of unit web goes to the master's console (stdout: console), not to a"
                + " file; set stdout: log"), r.err());
    }

    @Test
    void logsPrintsTheLastLinesOfTheLogFile() {
        master.register(ManagedUnit.builder("talker").executable("/bin/sh")
                .args("-c", "for i in 1 2 3 4 5; do echo line $i; echo err $i >&2; done")
                .stdout(new dev.hsu.core.unit.OutputRedirect.Log(Path.of("talker.out.log")))
                .stderr(new dev.hsu.core.unit.OutputRedirect.Log(Path.of("talker.err.log")))
                .restartPolicy(RestartPolicy.NEVER).build());
        master.start("talker").join();
        Path out = tmp.resolve("logs/talker.out.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out) && Files.readString(out).contains("line 5"));
        Run r = run(new LogsCommand(), "talker", "-n", "2");
        assertEquals(0, r.exit(), r.err());
        assertEquals("line 4\nline 5\n", r.out());
        await().atMost(Duration.ofSeconds(10)).until(() -> run(new LogsCommand(), "talker", "--stderr", "-n", "1")
                .out().equals("err 5\n"));
        assertEquals(4, run(new LogsCommand(), "nope").exit());
    }

    @Test
    void metricsPrintsThePrometheusText() {
        assertEquals(0, run(new StartCommand(), "web").exit());
        master.start("broken").join();
        Run r = run(new MetricsCommand());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("# TYPE hsu_unit_state gauge\n"), r.out());
        assertTrue(r.out().contains("hsu_unit_state{unit=\"web\",state=\"running\"} 1\n"), r.out());
        assertTrue(r.out().contains("hsu_units{state=\"running\"} 1\n"), r.out());
        assertTrue(r.out().matches("(?s).*\nhsu_unit_memory_bytes\\{unit=\"web\"\\} [1-9][0-9]*\n.*"), r.out());
        assertTrue(r.out().contains("hsu_unit_last_exit_cause{unit=\"broken\",cause=\"launch_failed\"} 1\n"),
                r.out());
    }

    @Test
    void noMasterExits3WithAClearMessage() {
        server.close();
        for (ControlCommand command : new ControlCommand[] {new StatusCommand(), new StopCommand(),
            new ShutdownCommand()}) {
            Run r = command instanceof StopCommand ? run(command, "web") : run(command);
            assertEquals(3, r.exit(), r.err());
            assertEquals("hsu: no HSU master is running on state directory " + new StateDirectory(tmp.resolve("state"))
                    + " (start one with `hsu run FILE` or point --state-dir/HSU_STATE_DIR at it)\n", r.err());
        }
    }
}

package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.ExitCause;
import dev.hsu.core.Master;
import dev.hsu.core.MasterSettings;
import dev.hsu.core.Platform;
import dev.hsu.core.ScheduleInfo;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Cron schedules with real processes, on schedules that fire every second. */
class ScheduleE2eTest extends E2eSupport {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private List<UnitEvent.ScheduleFired> fired(String unit) {
        return events(unit, UnitEvent.ScheduleFired.class);
    }

    /** A job that appends a line to {@code runs} at every second's firing. */
    private void registerEverySecond(String name, Path runs) {
        master.register(sh(name, "echo run >> " + q(runs))
                .schedule(new Schedule("* * * * * *", BERLIN, Schedule.Overlap.SKIP)).build());
    }

    private List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void aScheduleWithASecondsFieldRunsTheJobAtEachFiring() throws Exception {
        Path runs = dir.resolve("runs");
        registerEverySecond("tick", runs);
        master.startAll();
        await().atMost(WAIT).until(() -> lines(runs).size() >= 3);
        // Events arrive through the unit's outbox, a moment after the runs they tell of.
        await().atMost(WAIT).until(() -> fired("tick").size() >= 3);
        List<UnitEvent.ScheduleFired> f = fired("tick");
        assertTrue(f.size() >= 3);
        f.forEach(e -> assertEquals(UnitEvent.ScheduleFired.Action.STARTED, e.action()));
        for (UnitEvent.ScheduleFired e : f) {
            assertEquals(e.scheduledFor().truncatedTo(ChronoUnit.SECONDS), e.scheduledFor(), "fires on whole seconds");
            assertTrue(!e.at().isBefore(e.scheduledFor()), "fired early: " + e);
        }
        ScheduleInfo info = status("tick").schedule();
        assertNotNull(info.nextRun());
        await().atMost(WAIT).until(() -> status("tick").schedule().lastRunExit() != null);
        assertEquals("exit code 0", status("tick").schedule().lastRunExit());
        assertNotNull(status("tick").schedule().lastRunDuration());
    }

    @Test
    void aStopPausesTheScheduleAndAStartArmsItAgainWithoutARunNow() throws Exception {
        Path runs = dir.resolve("runs");
        registerEverySecond("tick", runs);
        master.startAll();
        await().atMost(WAIT).until(() -> lines(runs).size() >= 1);

        join(master.stop("tick"));
        UnitStatus stopped = status("tick");
        assertTrue(stopped.schedule().paused(), stopped.toString());
        assertNull(stopped.schedule().nextRun());
        int atPause = lines(runs).size();
        // Three firings' worth of time: none runs the job.
        await().during(Duration.ofMillis(3000)).atMost(Duration.ofSeconds(5)).until(() -> lines(runs).size() == atPause);

        join(master.start("tick"));
        UnitStatus started = status("tick");
        assertFalse(started.schedule().paused(), started.toString());
        assertNotNull(started.schedule().nextRun(), "armed again");
        assertEquals(atPause, lines(runs).size(), "a start of a paused schedule arms it, it does not run the job");
        await().atMost(WAIT).until(() -> lines(runs).size() >= atPause + 2);
        assertTrue(events("tick", UnitEvent.ScheduleMissed.class).isEmpty(), "paused firings are not missed ones");
        assertEquals(List.of(true, false), events("tick", UnitEvent.SchedulePaused.class).stream()
                .map(UnitEvent.SchedulePaused::paused).toList());

        // Once armed, a start runs the job at once, outside the schedule; stopAll pauses it again.
        join(master.start("tick"));
        master.stopAll().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> status("tick").schedule().paused());
        int afterStopAll = lines(runs).size();
        await().during(Duration.ofMillis(2000)).atMost(Duration.ofSeconds(4)).until(() -> lines(runs).size() == afterStopAll);
    }

    @Test
    void overlapSkipNeverRunsTwoAtOnce() throws Exception {
        Path log = dir.resolve("log");
        // Each run lasts 2.5 s; the schedule fires every second.
        master.register(sh("long", "echo start >> " + q(log) + "; sleep 2.5; echo end >> " + q(log))
                .schedule(new Schedule("* * * * * *", BERLIN, Schedule.Overlap.SKIP)).build());
        master.startAll();
        await().atMost(WAIT).until(() -> lines(log).stream().filter("end"::equals).count() >= 2);
        List<String> l = lines(log);
        for (int i = 0; i < l.size(); i++) {
            assertEquals(i % 2 == 0 ? "start" : "end", l.get(i), "runs overlapped: " + l);
        }
        await().atMost(WAIT).until(() ->
                fired("long").stream().anyMatch(e -> e.action() == UnitEvent.ScheduleFired.Action.SKIPPED));
    }

    @Test
    void overlapReplaceStopsTheOldRun() throws Exception {
        Path log = dir.resolve("log");
        master.register(sh("forever", "echo start $$ >> " + q(log) + "; trap 'echo stopped $$ >> " + q(log)
                + "; exit 0' TERM; while :; do sleep 1 & wait $!; done")
                .schedule(new Schedule("*/2 * * * * *", BERLIN, Schedule.Overlap.REPLACE)).build());
        master.startAll();
        await().atMost(WAIT).until(() -> lines(log).stream().filter(s -> s.startsWith("start")).count() >= 2);
        List<String> l = lines(log);
        String firstPid = l.get(0).split(" ")[1];
        assertEquals("stopped " + firstPid, l.get(1), "the old run was not stopped before the new one: " + l);
        assertTrue(l.get(2).startsWith("start ") && !l.get(2).endsWith(" " + firstPid), l.toString());
        await().atMost(WAIT).until(() ->
                fired("forever").stream().anyMatch(e -> e.action() == UnitEvent.ScheduleFired.Action.REPLACED)
                        && !events("forever", UnitEvent.ProcessExited.class).isEmpty());
        ExitCause first = events("forever", UnitEvent.ProcessExited.class).get(0).cause();
        assertInstanceOf(ExitCause.Stopped.class, first);
    }

    @Test
    void firingsMissedWhileTheMasterWasDownAreReportedAndCaughtUpOnce() throws Exception {
        Path state = dir.resolve("state");
        Path runs = dir.resolve("runs");
        // The master ran last 3 hours ago: an hourly schedule missed exactly 3 firings.
        Files.createDirectories(state.resolve("schedules"));
        Instant lastSeen = Instant.now().minus(3, ChronoUnit.HOURS);
        Files.writeString(state.resolve("schedules/hourly.properties"), "last_firing=" + lastSeen + "\n");
        master.shutdown().get();
        master = new Master(Platform.of(linuxProvider()), new MasterSettings(System.getenv(), dir.resolve("logs"),
                true, (unit, stream, line) -> { }).withStateDirectory(state));
        master.subscribe(events::add);
        master.subscribe(e -> {
            if (e instanceof UnitEvent.ProcessStarted s) {
                track(s.pid());
            }
        });
        master.register(sh("hourly", "echo run >> " + q(runs))
                .schedule(new Schedule("0 0 * * * *", BERLIN, Schedule.Overlap.SKIP, true)).build());

        master.startAll();

        await().atMost(WAIT).until(() -> lines(runs).size() == 1);
        await().atMost(WAIT).until(() -> !fired("hourly").isEmpty()); // after the ScheduleMissed, in order
        UnitEvent.ScheduleMissed missed = events("hourly", UnitEvent.ScheduleMissed.class).get(0);
        assertEquals(3, missed.count());
        assertTrue(missed.catchingUp());
        assertEquals(UnitEvent.ScheduleFired.Action.CAUGHT_UP, fired("hourly").get(0).action());
        // The status snapshot is published by the schedule's own mailbox: wait for the armed state.
        await().atMost(WAIT).until(() -> status("hourly").schedule().nextRun() != null);
        ScheduleInfo info = status("hourly").schedule();
        assertEquals(3, info.missed());
        assertTrue(info.nextRun().isAfter(Instant.now()));
        await().during(java.time.Duration.ofMillis(300)).atMost(WAIT).until(() -> lines(runs).size() == 1);
        // What the next start will compare against: firings up to now are accounted for.
        String saved = Files.readString(state.resolve("schedules/hourly.properties"));
        assertTrue(saved.contains("last_firing="), saved);
        Instant handled = Instant.parse(saved.lines().filter(s -> s.startsWith("last_firing="))
                .findFirst().orElseThrow().substring("last_firing=".length()).replace("\\:", ":"));
        assertTrue(handled.isAfter(lastSeen.plus(3, ChronoUnit.HOURS).minusSeconds(60)), saved);
    }
}

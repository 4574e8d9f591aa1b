package dev.hsu.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hsu.core.ExitCause;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventPrinterTest {
    private static final Instant T = Instant.parse("2026-01-02T12:00:01.234Z");

    @Test
    void printsOneTimestampedLinePerStateChangeExitAndRestart() {
        StringWriter out = new StringWriter();
        ConsoleWriter console = new ConsoleWriter(new PrintWriter(out), new PrintWriter(new StringWriter())).start();
        EventPrinter p = new EventPrinter(console, new Timestamps(ZoneOffset.UTC), 6);
        p.accept(new UnitEvent.StateChanged("web", T, UnitState.REGISTERED, UnitState.STARTING, null));
        p.accept(new UnitEvent.ProcessStarted("web", T, 4242));
        p.accept(new UnitEvent.StateChanged("web", T, UnitState.STARTING, UnitState.RUNNING, null));
        p.accept(new UnitEvent.ProcessExited("job", T.plusMillis(5), 4250, new ExitCause.Exited(1),
                Duration.ofMillis(1234).plusNanos(567_000)));
        p.accept(new UnitEvent.RestartScheduled("job", T.plusMillis(5), 2, Duration.ofSeconds(2)));
        p.accept(new UnitEvent.StateChanged("job", T.plusMillis(6), UnitState.RUNNING, UnitState.BACKOFF,
                "exit code 1; restart 2 in 2s"));
        console.close();
        assertEquals("""
                12:00:01.234 web    STARTING \s
                12:00:01.234 web    RUNNING   pid 4242
                12:00:01.239 job    exited    pid 4250: exit code 1 after 1.234s
                12:00:01.239 job    restart   attempt 2 in 2s
                12:00:01.240 job    BACKOFF   exit code 1; restart 2 in 2s
                """, out.toString());
    }
}

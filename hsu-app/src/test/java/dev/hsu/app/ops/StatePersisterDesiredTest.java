package dev.hsu.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hsu.core.ScheduleInfo;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What units.json records as each unit's desired state, which the next master restores. */
class StatePersisterDesiredTest {
    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    private static UnitStatus status(UnitState state, ScheduleInfo schedule) {
        return new UnitStatus("u", state, -1, NOW, null, 0, null, null, null, schedule, List.of(), null);
    }

    private static ScheduleInfo schedule(boolean paused) {
        return new ScheduleInfo("* * * * *", paused ? null : NOW.plusSeconds(60), null, null, null, 0, null, paused);
    }

    @Test
    void aPlainUnitKeepsWhatAUserDidAndAJobThatCompletedIsNotRunAgain() {
        assertEquals(UnitsState.Desired.RUNNING, StatePersister.desired(status(UnitState.RUNNING, null)));
        assertEquals(UnitsState.Desired.STOPPED, StatePersister.desired(status(UnitState.STOPPED, null)));
        assertEquals(UnitsState.Desired.COMPLETED, StatePersister.desired(status(UnitState.EXITED, null)));
        assertEquals(UnitsState.Desired.AUTO, StatePersister.desired(status(UnitState.FAILED, null)));
    }

    @Test
    void aScheduledUnitBetweenFiringsIsArmedAgainUnlessAUserPausedIt() {
        for (UnitState between : List.of(UnitState.EXITED, UnitState.STOPPED, UnitState.FAILED, UnitState.REGISTERED)) {
            assertEquals(UnitsState.Desired.AUTO, StatePersister.desired(status(between, schedule(false))),
                    between + " between firings");
            assertEquals(UnitsState.Desired.STOPPED, StatePersister.desired(status(between, schedule(true))),
                    between + " with the schedule paused");
        }
        assertEquals(UnitsState.Desired.RUNNING, StatePersister.desired(status(UnitState.RUNNING, schedule(false))));
    }
}

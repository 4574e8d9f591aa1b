package dev.hsu.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.RestartSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
    @TempDir
    Path dir;

    @Test
    void restartSeriesSurviveAWriteAndARead() throws IOException {
        StateFile file = new StateFile(dir);
        RestartSeries series = new RestartSeries(3, List.of(Instant.parse("2026-11-27T05:01:38.618Z"),
                Instant.parse("2026-11-27T05:01:40.702123456Z")), Instant.parse("2026-11-27T05:01:40.713Z"));
        UnitsState written = new UnitsState(42, Map.of(
                "web", new UnitsState.Unit(UnitsState.Desired.RUNNING, "abc", Map.of(), Map.of("web", series)),
                "pool", new UnitsState.Unit(UnitsState.Desired.RUNNING, "def", Map.of(),
                        Map.of("pool-2", new RestartSeries(1, List.of()))),
                "calm", new UnitsState.Unit(UnitsState.Desired.STOPPED, "ghi", Map.of())));
        file.write(written);

        UnitsState read = file.read().orElseThrow();
        assertEquals(series, read.units().get("web").restarts().get("web"));
        assertEquals(Map.of("pool-2", new RestartSeries(1, List.of())), read.units().get("pool").restarts());
        assertEquals(Map.of(), read.units().get("calm").restarts());
        assertFalse(Files.readString(file.path()).contains("\"calm\":{\"desired\":\"STOPPED\",\"definition\":\"ghi\","
                + "\"processes\":{},\"restarts\""), "no restarts entry for a unit without a series");
    }

    @Test
    void aFileOfAnOlderMasterWithoutRestartSeriesIsRead() throws IOException {
        StateFile file = new StateFile(dir);
        Files.writeString(file.path(), """
                {"version":1,"master_pid":7,"units":{"web":{"desired":"RUNNING","definition":"abc","processes":{}}}}
                """);
        UnitsState read = file.read().orElseThrow();
        assertTrue(read.units().get("web").restarts().isEmpty());
    }

    @Test
    void aMalformedRestartTimeIsReportedWithTheFileAndTheFix() throws IOException {
        StateFile file = new StateFile(dir);
        Files.writeString(file.path(), """
                {"version":1,"master_pid":7,"units":{"web":{"desired":"RUNNING","definition":"abc","processes":{},
                 "restarts":{"web":{"attempts":1,"window":["yesterday"]}}}}}
                """);
        IOException e = assertThrows(IOException.class, file::read);
        assertTrue(e.getMessage().contains(file.path() + " is malformed") && e.getMessage().contains("remove it to start afresh"),
                e.getMessage());
    }
}

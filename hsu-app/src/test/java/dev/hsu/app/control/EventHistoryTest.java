package dev.hsu.app.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventHistoryTest {

    private static Map<String, Object> event(String at, String what) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at", at);
        e.put("event", what);
        return e;
    }

    @Test
    void eventsAreSortedByTimeNotByTheTextOfIt() {
        // Instant.toString writes a whole second without a fraction: as text it sorted after
        // the events later in that second (seen in ControlCommandsTest: STARTING shown last).
        List<Map<String, Object>> events = new ArrayList<>(List.of(
                event("2026-11-27T01:44:18.002Z", "started"),
                event("2026-11-27T01:44:18.002Z", "running"),
                event("2026-11-27T01:44:18Z", "starting"),
                event("2026-11-27T01:44:17.999Z", "before")));
        EventHistory.sortOldestFirst(events);
        assertEquals(List.of("before", "starting", "started", "running"),
                events.stream().map(e -> e.get("event")).toList());
    }
}

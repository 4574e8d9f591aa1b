package dev.hsu.app.control.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hsu.app.control.UnitView;
import dev.hsu.app.control.UsageView;
import dev.hsu.core.UnitState;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The master's JSON without ObjectMapper says what ObjectMapper would have said (the CLI reads it with one). */
class JsonWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static UnitView unit(String name, UnitView.ScheduleView schedule, List<UnitView> replicas, UsageView usage) {
        return new UnitView(name, "RUNNING", 42, "2026-11-27T00:00:00Z", null, 1500, 2, "exit code 1", "a \"reason\"\n",
                null, "healthy", schedule, replicas, null, usage);
    }

    @Test
    void viewsMapsListsAndScalarsComeOutAsObjectMapperWritesThem() throws Exception {
        UsageView usage = new UsageView(12.5, null, 1L << 33, 4096L, 3L, 7L, null, 0L, 10L);
        UnitView.ScheduleView schedule = new UnitView.ScheduleView("*/5 * * * *", null, "2026-11-27T00:00:00Z", 1234L,
                "exit code 0", 2, null, true);
        UnitView replica = unit("pool-0", null, List.of(), null);
        UnitView pool = unit("pool", schedule, List.of(replica, unit("pool-1", null, null, usage)), usage);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("units", List.of(pool, replica));
        body.put("nothing", null);
        body.put("state", UnitState.BACKOFF);
        body.put("numbers", Arrays.asList(1, -2L, 3.25, 0.1f, (short) 4, (byte) 5, new BigInteger("123456789012345678901234567890")));
        body.put("flags", new Object[] {true, false, ""});
        body.put("empty", Map.of());
        body.put("text", "ünïcödé \u2028 \\ / \t");

        byte[] ours = JsonWriter.write(body);
        // Text against text: valueToTree would keep a float or short node where text has a double or int.
        assertEquals(MAPPER.readTree(MAPPER.writeValueAsBytes(body)), MAPPER.readTree(ours),
                new String(ours, StandardCharsets.UTF_8));
        assertEquals(new String(MAPPER.writeValueAsBytes(pool), StandardCharsets.UTF_8),
                new String(JsonWriter.write(pool), StandardCharsets.UTF_8), "same fields, same order");
    }

    @Test
    void aTypeWithNoJsonFormIsAnErrorNotAGuess() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonWriter.write(Map.of("at", java.time.Instant.EPOCH)));
        assertTrue(e.getMessage().contains("java.time.Instant"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(new ArrayList<>(List.of(new Object()))));
    }

    @Test
    void theTreeReaderReadsWhatReadTreeReads() throws Exception {
        String json = "{\"version\":1,\"big\":123456789012,\"huge\":123456789012345678901234567890,\"f\":1.5,"
                + "\"list\":[true,false,null,\"s\",{\"nested\":[]}],\"o\":{}} trailing";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonNode ours = JsonTree.read(bytes);
        assertEquals(MAPPER.readTree(bytes), ours);
        assertTrue(ours.get("version").isInt());
        assertTrue(ours.get("big").isLong());
        assertTrue(ours.get("huge").isBigInteger());
        assertFalse(ours.get("f").isInt());
        assertNull(JsonTree.read(new byte[0]));
        JsonParseException broken = assertThrows(JsonParseException.class,
                () -> JsonTree.read("{\"signal\": HUP}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(broken.getMessage().startsWith("Unrecognized token 'HUP'"), broken.getMessage());
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> JsonTree.read("[1, 2".getBytes(StandardCharsets.UTF_8)));
    }
}

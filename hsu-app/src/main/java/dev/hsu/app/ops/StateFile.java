package dev.hsu.app.ops;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hsu.app.control.http.JsonTree;
import dev.hsu.core.RestartSeries;
import dev.hsu.spi.AdoptionRecord;
import dev.hsu.spi.ResourceLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes {@link UnitsState} as JSON in {@code <state dir>/units.json}. A write goes to
 * a temporary file renamed over the old one, so a reader (or a master that crashes mid-write)
 * sees the old content or the new, never a mix. Stateless apart from its path; thread-safe.
 *
 * <pre>{@code
 * {"version":1,"master_pid":4242,"units":{"web":{"desired":"RUNNING","definition":"9f2c...",
 *   "processes":{"web":{"pid":4300,"limits":{"memory":67108864},"identity":{"start_ticks":"812345",...}}},
 *   "restarts":{"web":{"attempts":2,"window":["2026-11-27T05:01:38.618Z","2026-11-27T05:01:40.702Z"],
 *   "running_since":"2026-11-27T05:01:40.713Z"}}}}}
 * }</pre>
 * {@code restarts} is left out for a unit whose series has not begun; a reader of an older file
 * finds none.
 *
 * <p>Written with Jackson's streaming generator: the master writes this file from its first
 * second on, and jackson-databind (hundreds of classes) is then needed only to read a file left
 * by an earlier master, or to answer the control API.
 */
public final class StateFile {
    /** The file's name in the state directory. */
    public static final String NAME = "units.json";

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;

    public StateFile(Path stateDirectory) {
        this.file = stateDirectory.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /**
     * @return empty when there is no file
     * @throws IOException naming the file when it cannot be read or is not a state file of this version
     */
    public Optional<UnitsState> read() throws IOException {
        JsonNode root;
        try {
            root = JsonTree.read(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("cannot read the unit state " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.path("version").asInt() != UnitsState.VERSION) {
            throw new IOException("the unit state " + file + " is not of version " + UnitsState.VERSION
                    + "; it was written by another HSU version (remove it to start afresh)");
        }
        try {
            Map<String, UnitsState.Unit> units = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("units").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode u = e.getValue();
                Map<String, AdoptionRecord> processes = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> p = u.path("processes").fields(); p.hasNext(); ) {
                    Map.Entry<String, JsonNode> pe = p.next();
                    processes.put(pe.getKey(), record(pe.getKey(), pe.getValue()));
                }
                Map<String, RestartSeries> restarts = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> r = u.path("restarts").fields(); r.hasNext(); ) {
                    Map.Entry<String, JsonNode> re = r.next();
                    restarts.put(re.getKey(), series(re.getValue()));
                }
                units.put(e.getKey(), new UnitsState.Unit(UnitsState.Desired.valueOf(u.path("desired").asText("AUTO")),
                        u.path("definition").asText(""), processes, restarts));
            }
            return Optional.of(new UnitsState(root.path("master_pid").asLong(), units));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException("the unit state " + file + " is malformed (" + e.getMessage()
                    + "); remove it to start afresh", e);
        }
    }

    /** Replaces the file. */
    public void write(UnitsState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 160 * state.units().size());
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("version", UnitsState.VERSION);
            g.writeNumberField("master_pid", state.masterPid());
            g.writeObjectFieldStart("units");
            for (Map.Entry<String, UnitsState.Unit> e : state.units().entrySet()) {
                UnitsState.Unit u = e.getValue();
                g.writeObjectFieldStart(e.getKey());
                g.writeStringField("desired", u.desired().name());
                g.writeStringField("definition", u.definition());
                g.writeObjectFieldStart("processes");
                for (Map.Entry<String, AdoptionRecord> pe : u.processes().entrySet()) {
                    AdoptionRecord r = pe.getValue();
                    g.writeObjectFieldStart(pe.getKey());
                    g.writeNumberField("pid", r.pid());
                    g.writeFieldName("limits");
                    writeLimits(g, r.limits());
                    g.writeObjectFieldStart("identity");
                    for (Map.Entry<String, String> ie : r.identity().entrySet()) {
                        g.writeStringField(ie.getKey(), ie.getValue());
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndObject();
                if (!u.restarts().isEmpty()) {
                    g.writeObjectFieldStart("restarts");
                    for (Map.Entry<String, RestartSeries> re : u.restarts().entrySet()) {
                        g.writeObjectFieldStart(re.getKey());
                        g.writeNumberField("attempts", re.getValue().attempts());
                        g.writeArrayFieldStart("window");
                        for (Instant t : re.getValue().window()) {
                            g.writeString(t.toString());
                        }
                        g.writeEndArray();
                        if (re.getValue().runningSince() != null) {
                            g.writeStringField("running_since", re.getValue().runningSince().toString());
                        }
                        g.writeEndObject();
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        Path tmp = file.resolveSibling(NAME + ".tmp");
        Files.write(tmp, bytes.toByteArray());
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the file (after a clean shutdown: nothing to restore). */
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private static AdoptionRecord record(String instance, JsonNode p) {
        Map<String, String> identity = new LinkedHashMap<>();
        p.path("identity").fields().forEachRemaining(e -> identity.put(e.getKey(), e.getValue().asText()));
        return new AdoptionRecord(instance, p.path("pid").asLong(), limits(p.path("limits")), identity);
    }

    private static void writeLimits(JsonGenerator g, ResourceLimits l) throws IOException {
        g.writeStartObject();
        if (l.cpu() != null) g.writeNumberField("cpu", l.cpu());
        if (l.cpuShares() != null) g.writeNumberField("cpu_shares", l.cpuShares());
        if (l.memory() != null) g.writeNumberField("memory", l.memory());
        if (l.memorySwap() != null) g.writeNumberField("memory_swap", l.memorySwap());
        if (l.maxProcesses() != null) g.writeNumberField("max_processes", l.maxProcesses());
        if (l.maxOpenFiles() != null) g.writeNumberField("max_open_files", l.maxOpenFiles());
        if (l.ioWeight() != null) g.writeNumberField("io_weight", l.ioWeight());
        if (l.ioReadBps() != null) g.writeNumberField("io_read_bps", l.ioReadBps());
        if (l.ioWriteBps() != null) g.writeNumberField("io_write_bps", l.ioWriteBps());
        g.writeEndObject();
    }

    private static RestartSeries series(JsonNode n) {
        List<Instant> window = new ArrayList<>();
        for (JsonNode t : n.path("window")) {
            window.add(Instant.parse(t.asText()));
        }
        JsonNode since = n.get("running_since");
        return new RestartSeries(n.path("attempts").asInt(0), window,
                since == null || since.isNull() ? null : Instant.parse(since.asText()));
    }

    private static ResourceLimits limits(JsonNode n) {
        return ResourceLimits.builder()
                .cpu(n.has("cpu") ? n.get("cpu").asDouble() : null)
                .cpuShares(n.has("cpu_shares") ? n.get("cpu_shares").asInt() : null)
                .memory(n.has("memory") ? n.get("memory").asLong() : null)
                .memorySwap(n.has("memory_swap") ? n.get("memory_swap").asLong() : null)
                .maxProcesses(n.has("max_processes") ? n.get("max_processes").asInt() : null)
                .maxOpenFiles(n.has("max_open_files") ? n.get("max_open_files").asLong() : null)
                .ioWeight(n.has("io_weight") ? n.get("io_weight").asInt() : null)
                .ioReadBps(n.has("io_read_bps") ? n.get("io_read_bps").asLong() : null)
                .ioWriteBps(n.has("io_write_bps") ? n.get("io_write_bps").asLong() : null)
                .build();
    }
}

package dev.hsu.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hsu.spi.AdoptionRecord;
import dev.hsu.spi.ResourceLimits;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes {@link UnitsState} as JSON in {@code <state dir>/units.json}. A write goes to
 * a temporary file renamed over the old one, so a reader (or a master that crashes mid-write)
 * sees the old content or the new, never a mix. Stateless apart from its path; thread-safe.
 *
 * <pre>{@code
 * {"version":1,"master_pid":4242,"units":{"web":{"desired":"RUNNING","definition":"9f2c...",
 *   "processes":{"web":{"pid":4300,"limits":{"memory":67108864},"identity":{"start_ticks":"812345",...}}}}}}
 * }</pre>
 */
public final class StateFile {
    /** The file's name in the state directory. */
    public static final String NAME = "units.json";

    private static final ObjectMapper JSON = new ObjectMapper();

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
            root = JSON.readTree(Files.readAllBytes(file));
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
                units.put(e.getKey(), new UnitsState.Unit(UnitsState.Desired.valueOf(u.path("desired").asText("AUTO")),
                        u.path("definition").asText(""), processes));
            }
            return Optional.of(new UnitsState(root.path("master_pid").asLong(), units));
        } catch (IllegalArgumentException e) {
            throw new IOException("the unit state " + file + " is malformed (" + e.getMessage()
                    + "); remove it to start afresh", e);
        }
    }

    /** Replaces the file. */
    public void write(UnitsState state) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", UnitsState.VERSION);
        root.put("master_pid", state.masterPid());
        ObjectNode units = root.putObject("units");
        state.units().forEach((name, u) -> {
            ObjectNode node = units.putObject(name);
            node.put("desired", u.desired().name());
            node.put("definition", u.definition());
            ObjectNode processes = node.putObject("processes");
            u.processes().forEach((instance, r) -> {
                ObjectNode p = processes.putObject(instance);
                p.put("pid", r.pid());
                p.set("limits", limits(r.limits()));
                ObjectNode identity = p.putObject("identity");
                r.identity().forEach(identity::put);
            });
        });
        Path tmp = file.resolveSibling(NAME + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(root));
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

    private static ObjectNode limits(ResourceLimits l) {
        ObjectNode n = JSON.createObjectNode();
        if (l.cpu() != null) n.put("cpu", l.cpu());
        if (l.cpuShares() != null) n.put("cpu_shares", l.cpuShares());
        if (l.memory() != null) n.put("memory", l.memory());
        if (l.memorySwap() != null) n.put("memory_swap", l.memorySwap());
        if (l.maxProcesses() != null) n.put("max_processes", l.maxProcesses());
        if (l.maxOpenFiles() != null) n.put("max_open_files", l.maxOpenFiles());
        if (l.ioWeight() != null) n.put("io_weight", l.ioWeight());
        if (l.ioReadBps() != null) n.put("io_read_bps", l.ioReadBps());
        if (l.ioWriteBps() != null) n.put("io_write_bps", l.ioWriteBps());
        return n;
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

package dev.hsu.core.schedule;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/**
 * Keeps each scheduled unit's {@link ScheduleState} in a small properties file,
 * {@code <directory>/schedules/<unit>.properties}, replaced atomically at each change. With no
 * directory, nothing is kept (every start looks like the first).
 *
 * <p>Errors reading or writing are logged, never thrown: a lost state file costs only the
 * report of missed firings.
 *
 * <p>Thread-safety: safe from any thread; one unit's state is written by one thread at a time
 * (its schedule's own serial executor).
 */
public final class ScheduleStore {
    private static final System.Logger LOG = System.getLogger(ScheduleStore.class.getName());
    private final Path directory;

    /** @param stateDirectory the master's state directory, or null to keep nothing */
    public ScheduleStore(Path stateDirectory) {
        this.directory = stateDirectory == null ? null : stateDirectory.resolve("schedules");
    }

    /** The file of {@code unit}, or null when nothing is kept. */
    public Path file(String unit) {
        return directory == null ? null : directory.resolve(unit + ".properties");
    }

    public ScheduleState load(String unit) {
        Path file = file(unit);
        if (file == null) {
            return ScheduleState.NONE;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return ScheduleState.NONE;
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "unit '" + unit + "': cannot read its schedule state " + file
                    + " (" + e + "); missed firings cannot be reported this time");
            return ScheduleState.NONE;
        }
        try {
            return new ScheduleState(instant(p, "last_firing"), instant(p, "last_run"),
                    p.getProperty("last_run_duration_ms") == null ? null
                            : Duration.ofMillis(Long.parseLong(p.getProperty("last_run_duration_ms"))),
                    p.getProperty("last_run_exit"));
        } catch (DateTimeParseException | NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "unit '" + unit + "': its schedule state " + file
                    + " is damaged (" + e.getMessage() + "); it is started afresh");
            return ScheduleState.NONE;
        }
    }

    public void save(String unit, ScheduleState state) {
        Path file = file(unit);
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        put(p, "last_firing", state.lastFiring());
        put(p, "last_run", state.lastRun());
        if (state.lastRunDuration() != null) {
            p.setProperty("last_run_duration_ms", Long.toString(state.lastRunDuration().toMillis()));
        }
        if (state.lastRunExit() != null) {
            p.setProperty("last_run_exit", state.lastRunExit());
        }
        try {
            Files.createDirectories(directory);
            Path tmp = directory.resolve("." + unit + ".properties.tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "HSU schedule state of unit " + unit);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "unit '" + unit + "': cannot write its schedule state " + file
                    + " (" + e + "); firings missed during a later downtime may go unreported");
        }
    }

    private static Instant instant(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? null : Instant.parse(v);
    }

    private static void put(Properties p, String key, Instant value) {
        if (value != null) {
            p.setProperty(key, value.toString());
        }
    }
}

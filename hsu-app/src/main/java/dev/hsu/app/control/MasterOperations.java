package dev.hsu.app.control;

import java.util.Map;

/**
 * What the control API asks of the application beyond the {@link dev.hsu.core.Master}'s own
 * operations: reloading the configuration file, and a shutdown that leaves the units running for
 * the next master. Implementations are thread-safe; each call may block until done.
 */
public interface MasterOperations {

    /**
     * An answer to the client.
     *
     * @param status the HTTP status
     * @param body the JSON body
     * @param afterSent run once the answer was sent (e.g. the shutdown itself); null for nothing
     */
    record Answer(int status, Map<String, Object> body, Runnable afterSent) {
    }

    /** {@code POST /v1/reload}: 200 with what changed, or 422 with the file's problems (nothing changed). */
    Answer reload();

    /**
     * {@code POST /v1/shutdown?keep_units=true}: 202 with the units that will be kept and those that
     * will be stopped (and why), the shutdown running after the answer; 409 if a shutdown is
     * already under way.
     */
    Answer shutdownKeepingUnits();
}

package dev.hsu.app.control;

import dev.hsu.app.control.http.HttpLimits;
import dev.hsu.core.unit.ManagedUnit;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the control server bounds connections and how long its start/stop/restart endpoints wait
 * for a transition before answering 504 (the transition itself goes on). Immutable.
 *
 * @param http size and time limits per connection
 * @param gracefulTimeout a unit's graceful stop timeout by name; a stop waits for it plus
 *     {@code margin}. The master does not expose its units' settings, so the app passes them in
 *     (e.g. from the loaded configuration); must answer for every name and never return null
 * @param startWait how long a start (and the start half of a restart) may take to reach RUNNING
 *     or FAILED, restart backoff included
 * @param margin added to the graceful timeout for the forced kill and reaping
 */
public record ControlOptions(HttpLimits http, Function<String, Duration> gracefulTimeout, Duration startWait,
                             Duration margin) {

    /** Default limits; every unit assumed to have the default 30 s graceful timeout; 60 s start, 10 s margin. */
    public static final ControlOptions DEFAULT = new ControlOptions(HttpLimits.DEFAULT,
            name -> ManagedUnit.DEFAULT_GRACEFUL_TIMEOUT, Duration.ofSeconds(60), Duration.ofSeconds(10));

    public ControlOptions {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(gracefulTimeout, "gracefulTimeout");
        Objects.requireNonNull(startWait, "startWait");
        Objects.requireNonNull(margin, "margin");
    }

    /** These options with the graceful timeouts looked up by {@code lookup}. */
    public ControlOptions withGracefulTimeouts(Function<String, Duration> lookup) {
        return new ControlOptions(http, lookup, startWait, margin);
    }

    /** These options with other connection limits. */
    public ControlOptions withHttp(HttpLimits limits) {
        return new ControlOptions(limits, gracefulTimeout, startWait, margin);
    }
}

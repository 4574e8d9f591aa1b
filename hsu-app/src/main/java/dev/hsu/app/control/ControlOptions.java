package dev.hsu.app.control;

import dev.hsu.app.control.http.HttpLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * How the control server bounds connections, and how long its start/stop/restart endpoints wait
 * for a transition before answering 504 (the transition itself goes on). Immutable.
 *
 * @param http size and time limits per connection
 * @param startWait how long a start (and the start half of a restart) may take to reach RUNNING
 *     or FAILED
 * @param margin added to a unit's graceful timeout for a stop: time for the forced kill and for
 *     reaping the process tree
 */
public record ControlOptions(HttpLimits http, Duration startWait, Duration margin) {

    /** Default connection limits; 60 s for a start; graceful timeout + 10 s for a stop. */
    public static final ControlOptions DEFAULT = new ControlOptions(HttpLimits.DEFAULT, Duration.ofSeconds(60),
            Duration.ofSeconds(10));

    public ControlOptions {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(startWait, "startWait");
        Objects.requireNonNull(margin, "margin");
    }

    /** These options with other connection limits. */
    public ControlOptions withHttp(HttpLimits limits) {
        return new ControlOptions(limits, startWait, margin);
    }

    /** These options with another start bound. */
    public ControlOptions withStartWait(Duration wait) {
        return new ControlOptions(http, wait, margin);
    }
}

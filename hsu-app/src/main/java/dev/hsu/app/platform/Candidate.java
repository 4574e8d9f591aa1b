package dev.hsu.app.platform;

import dev.hsu.spi.PlatformProvider;
import java.util.Objects;

/**
 * A platform provider found on the class path, or the failure to instantiate one.
 *
 * @param provider the provider; null if it could not be loaded
 * @param loadFailure why it could not be loaded (a broken service entry, a failing constructor);
 *     null if it was loaded
 */
public record Candidate(PlatformProvider provider, Throwable loadFailure) {

    public Candidate {
        if ((provider == null) == (loadFailure == null)) {
            throw new IllegalArgumentException("exactly one of provider and loadFailure must be given");
        }
    }

    public static Candidate of(PlatformProvider provider) {
        return new Candidate(Objects.requireNonNull(provider, "provider"), null);
    }

    public static Candidate failed(Throwable loadFailure) {
        return new Candidate(null, Objects.requireNonNull(loadFailure, "loadFailure"));
    }
}

package dev.hsu.app.cli;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few C library functions the app calls itself ({@code malloc_trim}, {@code signal}), through
 * JNA's dynamic lookup; the OS adapters have their own bindings.
 *
 * <p>Platform note: Linux and macOS; elsewhere, or in a C library without the function (musl
 * has no {@code malloc_trim}), the lookup comes back empty.
 */
final class CLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(CLibrary.class);

    private CLibrary() {
    }

    /** The function {@code name}; empty, with the reason logged at debug level, if there is none. */
    static Optional<Function> function(String name) {
        try {
            return Optional.of(NativeLibrary.getInstance("c").getFunction(name));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("no {} in this C library ({})", name, e.toString());
            return Optional.empty();
        }
    }
}

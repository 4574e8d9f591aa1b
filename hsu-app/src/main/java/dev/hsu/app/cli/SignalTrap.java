package dev.hsu.app.cli;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over SIGINT and SIGTERM with {@code sun.misc.Signal} handlers (module jdk.unsupported).
 *
 * <p>Why not a shutdown hook: a hook runs while the JVM is already exiting with status 130 or
 * 143, so the master could not exit 0 after a graceful stop, nor react to a second Ctrl-C. With a
 * handler the JVM does not begin to exit; the program decides when and with which code.
 *
 * <p>Platform note: Windows has no SIGTERM; only SIGINT (Ctrl-C) is trapped there.
 */
final class SignalTrap {
    private static final Logger LOG = LoggerFactory.getLogger(SignalTrap.class);

    private SignalTrap() {
    }

    /**
     * Installs the handlers.
     *
     * @param handler receives {@code INT} or {@code TERM} on the JVM's signal-dispatch thread,
     *     once per delivery; it must return quickly
     */
    @SuppressWarnings("removal")
    static void install(Consumer<String> handler) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> handler.accept(s.getName()));
            } catch (IllegalArgumentException e) {
                // The OS lacks this signal or the JVM reserves it (e.g. under -Xrs).
                LOG.debug("cannot trap SIG{}: {}", name, e.getMessage());
            }
        }
    }

    /**
     * Makes SIGHUP call {@code onHangup} (on a new virtual thread, so that a slow reload does not
     * hold the JVM's signal dispatcher).
     *
     * <p>Platform note: no SIGHUP on Windows; nothing is installed there.
     */
    @SuppressWarnings("removal")
    static void installHangup(Runnable onHangup) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
                    s -> Thread.ofVirtual().name("hsu-sighup").start(onHangup));
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot trap SIGHUP: {}", e.getMessage());
        }
    }
}

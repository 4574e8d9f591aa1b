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
                sun.misc.SignalHandler old = sun.misc.Signal.handle(new sun.misc.Signal(name),
                        s -> handler.accept(s.getName()));
                if (old == sun.misc.SignalHandler.SIG_IGN && name.equals("TERM")) {
                    // Inherited as ignored: the JVM installs no handler. Left so (whoever started the
                    // master wanted it to survive SIGTERM), but said.
                    LOG.warn("SIGTERM is ignored in this process (it was started with it ignored): kill does not "
                            + "stop the master; use 'hsu shutdown'");
                }
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
     * <p>A master started with SIGHUP ignored ({@code nohup}, some init scripts) inherits that, and
     * the JVM then installs no handler for it: {@code Signal.handle} answers {@code SIG_IGN} and
     * {@code kill -HUP} would silently do nothing. The disposition is therefore reset to the
     * default first and the handler installed again. That keeps what {@code nohup} is for: a
     * hangup does not end the master, it reloads the file.
     *
     * <p>Platform note: no SIGHUP on Windows; nothing is installed there. The reset calls the C
     * library's {@code signal} (SIGHUP is 1 on Linux and macOS).
     */
    @SuppressWarnings("removal")
    static void installHangup(Runnable onHangup) {
        sun.misc.Signal hup;
        try {
            hup = new sun.misc.Signal("HUP");
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot trap SIGHUP: {}", e.getMessage());
            return;
        }
        sun.misc.SignalHandler handler = s -> Thread.ofVirtual().name("hsu-sighup").start(onHangup);
        try {
            if (sun.misc.Signal.handle(hup, handler) == sun.misc.SignalHandler.SIG_IGN) {
                if (resetToDefault(hup.getNumber())) {
                    sun.misc.Signal.handle(hup, handler);
                } else {
                    LOG.warn("SIGHUP is ignored in this process (it was started with it ignored, e.g. by nohup) and "
                            + "could not be taken over: kill -HUP does not reload; use 'hsu reload'");
                }
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot trap SIGHUP: {}", e.getMessage());
        }
    }

    /** {@code signal(number, SIG_DFL)}; false if the C library could not be called. */
    private static boolean resetToDefault(int number) {
        try {
            return CLibrary.function("signal")
                    .map(signal -> signal.invokeLong(new Object[] {number, com.sun.jna.Pointer.NULL}) != -1L)
                    .orElse(false);
        } catch (RuntimeException e) {
            LOG.debug("cannot reset the disposition of signal {}: {}", number, e.toString());
            return false;
        }
    }
}

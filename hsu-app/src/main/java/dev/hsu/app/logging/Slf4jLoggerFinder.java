package dev.hsu.app.logging;

/**
 * Sends {@link System.Logger} records (the core logs through them, having no logging library) to
 * SLF4J, so that they come out in the application's format and level settings
 * ({@code simplelogger.properties}) rather than as java.util.logging's two-line records.
 * Registered in {@code META-INF/services/java.lang.System$LoggerFinder}; the JDK asks for it the
 * first time any class calls {@link System#getLogger}.
 *
 * <p>Thread-safe.
 */
public final class Slf4jLoggerFinder extends System.LoggerFinder {

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new Slf4jSystemLogger(name);
    }
}

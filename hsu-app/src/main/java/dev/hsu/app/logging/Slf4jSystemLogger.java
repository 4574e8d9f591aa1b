package dev.hsu.app.logging;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link System.Logger} over an SLF4J {@link Logger}, created on first need. The JDK's own
 * loggers ({@code java.*}, {@code jdk.*}, {@code sun.*}) report DEBUG and TRACE as disabled without
 * starting SLF4J: {@code System.exit} asks {@code java.lang.Runtime}'s logger whether DEBUG is on,
 * and starting SLF4J only to answer no would slow every command's exit.
 *
 * <p>Thread-safe.
 */
final class Slf4jSystemLogger implements System.Logger {
    private final String name;
    private final boolean jdk;
    private volatile Logger delegate;

    Slf4jSystemLogger(String name) {
        this.name = name;
        this.jdk = name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    @Override
    public String getName() {
        return name;
    }

    private Logger delegate() {
        Logger d = delegate;
        if (d == null) {
            d = LoggerFactory.getLogger(name);
            delegate = d;
        }
        return d;
    }

    @Override
    public boolean isLoggable(Level level) {
        if (jdk && level.getSeverity() < Level.INFO.getSeverity()) {
            return false;
        }
        Logger delegate = delegate();
        return switch (level) {
            case ALL, TRACE -> delegate.isTraceEnabled();
            case DEBUG -> delegate.isDebugEnabled();
            case INFO -> delegate.isInfoEnabled();
            case WARNING -> delegate.isWarnEnabled();
            case ERROR -> delegate.isErrorEnabled();
            case OFF -> false;
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            emit(level, localize(bundle, msg), thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            String pattern = localize(bundle, format);
            emit(level, params == null || params.length == 0 ? pattern : MessageFormat.format(pattern, params), null);
        }
    }

    private static String localize(ResourceBundle bundle, String key) {
        if (bundle != null && key != null && bundle.containsKey(key)) {
            return bundle.getString(key);
        }
        return key;
    }

    private void emit(Level level, String msg, Throwable thrown) {
        Logger delegate = delegate();
        switch (level) {
            case ALL, TRACE -> delegate.trace(msg, thrown);
            case DEBUG -> delegate.debug(msg, thrown);
            case INFO -> delegate.info(msg, thrown);
            case WARNING -> delegate.warn(msg, thrown);
            case ERROR -> delegate.error(msg, thrown);
            case OFF -> { }
        }
    }
}

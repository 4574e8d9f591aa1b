package dev.hsu.spi;

/**
 * A process could not be started. The message names the path or setting at fault and what to
 * do about it (e.g. {@code executable /opt/app/run is not executable (mode 0644); chmod +x it}).
 */
public class LaunchException extends Exception {
    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.hsu.app.platform;

/**
 * No platform adapter can be used: none is available here, or the one asked for with
 * {@code -Dhsu.platform} / {@code HSU_PLATFORM} is unknown or unavailable. The message lists every
 * provider found and why it was rejected.
 */
public class PlatformSelectionException extends Exception {
    public PlatformSelectionException(String message) {
        super(message);
    }
}

package dev.hsu.app.cli;

import dev.hsu.app.platform.PlatformSelectionException;

/** Carries a platform selection failure out of a capabilities supplier (which cannot throw checked exceptions). */
final class NoPlatformException extends RuntimeException {
    NoPlatformException(PlatformSelectionException cause) {
        super(cause.getMessage(), cause);
    }
}

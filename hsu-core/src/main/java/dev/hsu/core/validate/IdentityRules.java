package dev.hsu.core.validate;

import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.UnitIdentity;
import dev.hsu.spi.LaunchFeature;
import dev.hsu.spi.PlatformCapabilities;
import java.util.function.BiConsumer;

/**
 * The rules for {@code user:}, {@code group:}, {@code supplementary_groups:} and {@code umask:}:
 * values in range, and a platform (and master) that can honour them. Stateless.
 */
final class IdentityRules {
    private IdentityRules() {
    }

    /** @param error receives (field, message) for each error */
    static void check(ManagedUnit unit, PlatformCapabilities caps, BiConsumer<String, String> error) {
        UnitIdentity id = unit.identity();
        if (id != null) {
            if (id.user().isBlank()) {
                error.accept("user", "is empty; give a user name or numeric id, or remove it");
            }
            if (!caps.launchFeatures().contains(LaunchFeature.SWITCH_USER)) {
                error.accept("user", "cannot run this unit as " + id.describe() + ": "
                        + why(LaunchFeature.SWITCH_USER, caps));
            }
        }
        Integer umask = unit.umask();
        if (umask != null) {
            if (umask < 0 || umask > 0777) {
                error.accept("umask", "must be an octal mask from 000 to 777, e.g. \"027\", got 0"
                        + Integer.toOctalString(umask));
            } else if (!caps.launchFeatures().contains(LaunchFeature.UMASK)) {
                error.accept("umask", "this platform cannot set a umask (" + why(LaunchFeature.UMASK, caps)
                        + "); remove it");
            }
        }
    }

    /** The platform's note about the feature, else a generic reason. */
    private static String why(LaunchFeature feature, PlatformCapabilities caps) {
        String prefix = feature.configKey() + ":";
        for (String note : caps.notes()) {
            if (note.startsWith(prefix)) {
                return note.substring(prefix.length()).trim();
            }
        }
        return "this platform does not support it; remove it";
    }
}

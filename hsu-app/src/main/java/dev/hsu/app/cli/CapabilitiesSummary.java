package dev.hsu.app.cli;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.Signal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A few lines describing what the selected platform can do, for {@code hsu validate}. */
final class CapabilitiesSummary {
    private CapabilitiesSummary() {
    }

    static List<String> lines(String platformId, PlatformCapabilities caps) {
        List<String> lines = new ArrayList<>();
        lines.add("platform " + platformId + ":");
        List<String> enforced = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (LimitKind k : LimitKind.values()) {
            (caps.enforceableLimits().contains(k) ? enforced : missing).add(k.configKey());
        }
        lines.add("  limits enforced:     " + (enforced.isEmpty() ? "none" : String.join(", ", enforced)));
        if (!missing.isEmpty()) {
            lines.add("  limits not enforced: " + String.join(", ", missing));
        }
        lines.add("  signals:             " + String.join(" ", Arrays.stream(Signal.values())
                .filter(caps.signals()::contains).map(Signal::name).toList()));
        lines.add("  tree kill:           " + (caps.treeKill()
                ? "every descendant, even those that left the process group"
                : "the process group and visible descendants only"));
        for (String note : caps.notes()) {
            lines.add("  note: " + note);
        }
        return lines;
    }
}

package dev.hsu.app.platform;

import dev.hsu.spi.PlatformProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the platform adapter, once, before anything else starts.
 *
 * <p>Rule: the providers registered with {@link ServiceLoader} are asked {@link
 * PlatformProvider#isAvailable()}; among the available ones the highest {@link
 * PlatformProvider#priority()} wins (a tie goes to the smallest id, so the choice never depends
 * on class-path order). {@code -Dhsu.platform=ID}, else the environment variable
 * {@code HSU_PLATFORM}, names the provider to use instead; it must exist and be available. When
 * nothing fits, one error lists every provider found with the reason it was rejected.
 *
 * <p>Thread-safety: stateless; {@link #select} may be called from any thread.
 */
public final class PlatformSelector {
    /** The system property that forces a provider by id. */
    public static final String PROPERTY = "hsu.platform";
    /** The environment variable that forces a provider by id (the property wins). */
    public static final String ENVIRONMENT_VARIABLE = "HSU_PLATFORM";

    private static final Logger LOG = LoggerFactory.getLogger(PlatformSelector.class);

    private PlatformSelector() {
    }

    /**
     * Selects among the providers on the class path, honouring {@value #PROPERTY} and
     * {@value #ENVIRONMENT_VARIABLE}.
     */
    public static PlatformProvider selectFromClassPath() throws PlatformSelectionException {
        return select(discover(), Forced.fromSystem());
    }

    /** Every provider registered in {@code META-INF/services/dev.hsu.spi.PlatformProvider}, or its load failure. */
    public static List<Candidate> discover() {
        List<Candidate> found = new ArrayList<>();
        Iterator<PlatformProvider> it = ServiceLoader.load(PlatformProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(Candidate.of(it.next()));
            } catch (ServiceConfigurationError e) {
                // The iterator skips a broken entry and goes on with the next one.
                found.add(Candidate.failed(e));
            }
        }
        return found;
    }

    /**
     * Where a forced choice came from.
     *
     * @param id the provider id asked for
     * @param source how it was asked for, for messages ({@code -Dhsu.platform})
     */
    public record Forced(String id, String source) {

        /** The override from the system property or the environment, if any. */
        public static Optional<Forced> fromSystem() {
            String p = System.getProperty(PROPERTY);
            if (p != null && !p.isBlank()) {
                return Optional.of(new Forced(p.trim(), "-D" + PROPERTY));
            }
            String e = System.getenv(ENVIRONMENT_VARIABLE);
            if (e != null && !e.isBlank()) {
                return Optional.of(new Forced(e.trim(), ENVIRONMENT_VARIABLE));
            }
            return Optional.empty();
        }
    }

    /**
     * Selects among {@code candidates}.
     *
     * @param forced a forced choice, or empty for the automatic rule
     * @throws PlatformSelectionException listing every candidate and why it was rejected
     */
    public static PlatformProvider select(List<Candidate> candidates, Optional<Forced> forced)
            throws PlatformSelectionException {
        List<PlatformProvider> loaded = candidates.stream().map(Candidate::provider)
                .filter(java.util.Objects::nonNull).toList();
        if (forced.isPresent()) {
            return forced(candidates, loaded, forced.get());
        }
        Optional<PlatformProvider> best = loaded.stream().filter(PlatformSelector::available)
                .max(Comparator.comparingInt(PlatformProvider::priority)
                        .thenComparing(PlatformProvider::id, Comparator.reverseOrder()));
        if (best.isEmpty()) {
            throw new PlatformSelectionException(noneUsable(candidates));
        }
        LOG.debug("platform {} selected (priority {})", best.get().id(), best.get().priority());
        return best.get();
    }

    private static PlatformProvider forced(List<Candidate> candidates, List<PlatformProvider> loaded, Forced o)
            throws PlatformSelectionException {
        for (PlatformProvider p : loaded) {
            if (p.id().equalsIgnoreCase(o.id())) {
                if (!available(p)) {
                    throw new PlatformSelectionException("platform '" + p.id() + "' (asked for with " + o.source()
                            + ") is not available on this host: " + cause(p) + "\n" + listing(candidates)
                            + "Fix the cause above, or remove " + o.source() + " to select automatically.");
                }
                LOG.debug("platform {} selected by {}", p.id(), o.source());
                return p;
            }
        }
        throw new PlatformSelectionException(o.source() + "=" + o.id() + " names no platform provider on the class "
                + "path.\n" + listing(candidates) + "Use one of the ids above, or remove " + o.source()
                + " to select automatically.");
    }

    private static String noneUsable(List<Candidate> candidates) {
        String host = System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")";
        if (candidates.isEmpty()) {
            return "No platform adapter is on the class path (none registered as a service "
                    + "dev.hsu.spi.PlatformProvider). Put hsu-linux, hsu-windows or hsu-macos on the class path.";
        }
        return "No platform adapter can run on this host, " + host + ".\n" + listing(candidates)
                + "Fix the cause of the adapter for this OS, or choose one with -D" + PROPERTY + "=ID or "
                + ENVIRONMENT_VARIABLE + "=ID.";
    }

    /** One line per candidate: id, priority, and availability with its cause. */
    private static String listing(List<Candidate> candidates) {
        StringBuilder sb = new StringBuilder("Platform providers found:\n");
        if (candidates.isEmpty()) {
            sb.append("  (none)\n");
        }
        for (Candidate c : candidates) {
            sb.append("  - ");
            if (c.provider() == null) {
                sb.append("(failed to load): ").append(describe(c.loadFailure()));
            } else {
                PlatformProvider p = c.provider();
                sb.append(p.id()).append(" (").append(p.getClass().getName()).append(", priority ")
                        .append(p.priority()).append("): ")
                        .append(available(p) ? "available" : "not available: " + cause(p));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A provider whose probe throws counts as unavailable rather than aborting selection. */
    private static boolean available(PlatformProvider p) {
        try {
            return p.isAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String cause(PlatformProvider p) {
        try {
            if (p.isAvailable()) {
                return "available";
            }
        } catch (RuntimeException | LinkageError e) {
            return "its availability probe failed: " + describe(e);
        }
        return p.unavailabilityCause().map(PlatformSelector::describe).orElse("no reason given by the provider");
    }

    /** The message chain of a throwable: {@code msg; caused by: msg2}. */
    static String describe(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable x = t; x != null && parts.size() < 5; x = x.getCause()) {
            String msg = x.getMessage();
            String part = msg == null || msg.isBlank() ? x.getClass().getSimpleName() : msg;
            // Wrappers often repeat their cause's message: say it once.
            if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(part)) {
                parts.add(part);
            }
        }
        return String.join("; caused by: ", parts);
    }
}

package dev.hsu.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.PlatformProvider;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;

class PlatformSelectorTest {
    private static final Optional<PlatformSelector.Forced> AUTO = Optional.empty();

    @Test
    void takesTheAvailableProviderOverUnavailableOnes() throws Exception {
        FakeProvider linux = FakeProvider.available("linux", 100);
        PlatformProvider chosen = PlatformSelector.select(List.of(
                Candidate.of(FakeProvider.unavailable("windows", 100, "not Windows")),
                Candidate.of(linux),
                Candidate.of(FakeProvider.unavailable("macos", 100, "not macOS"))), AUTO);
        assertSame(linux, chosen);
    }

    @Test
    void highestPriorityWinsAmongAvailableOnes() throws Exception {
        FakeProvider special = FakeProvider.available("linux-special", 200);
        PlatformProvider chosen = PlatformSelector.select(List.of(
                Candidate.of(FakeProvider.available("linux", 100)),
                Candidate.of(special),
                Candidate.of(FakeProvider.unavailable("better", 900, "needs a kernel module"))), AUTO);
        assertSame(special, chosen);
    }

    @Test
    void aTieIsBrokenByIdNotByClassPathOrder() throws Exception {
        FakeProvider a = FakeProvider.available("alpha", 100);
        FakeProvider b = FakeProvider.available("beta", 100);
        assertSame(a, PlatformSelector.select(List.of(Candidate.of(b), Candidate.of(a)), AUTO));
        assertSame(a, PlatformSelector.select(List.of(Candidate.of(a), Candidate.of(b)), AUTO));
    }

    @Test
    void overrideChoosesALowerPriorityProvider() throws Exception {
        FakeProvider low = FakeProvider.available("portable", 10);
        PlatformProvider chosen = PlatformSelector.select(List.of(
                Candidate.of(FakeProvider.available("linux", 100)), Candidate.of(low)),
                Optional.of(new PlatformSelector.Forced("portable", "-Dhsu.platform")));
        assertSame(low, chosen);
    }

    @Test
    void overrideNamingNoProviderListsTheOnesFound() {
        PlatformSelectionException e = assertThrows(PlatformSelectionException.class, () -> PlatformSelector.select(
                List.of(Candidate.of(FakeProvider.available("linux", 100)),
                        Candidate.of(FakeProvider.unavailable("windows", 100, "this is not Windows (os.name=Linux)"))),
                Optional.of(new PlatformSelector.Forced("freebsd", "HSU_PLATFORM"))));
        String m = e.getMessage();
        assertTrue(m.startsWith("HSU_PLATFORM=freebsd names no platform provider on the class path."), m);
        assertTrue(m.contains("  - linux (" + FakeProvider.class.getName() + ", priority 100): available"), m);
        assertTrue(m.contains("  - windows (" + FakeProvider.class.getName()
                + ", priority 100): not available: this is not Windows (os.name=Linux)"), m);
        assertTrue(m.contains("Use one of the ids above, or remove HSU_PLATFORM"), m);
    }

    @Test
    void overrideNamingAnUnavailableProviderGivesItsCause() {
        PlatformSelectionException e = assertThrows(PlatformSelectionException.class, () -> PlatformSelector.select(
                List.of(Candidate.of(FakeProvider.available("linux", 100)),
                        Candidate.of(FakeProvider.unavailable("windows", 100, "this is not Windows"))),
                Optional.of(new PlatformSelector.Forced("windows", "-Dhsu.platform"))));
        assertTrue(e.getMessage().startsWith("platform 'windows' (asked for with -Dhsu.platform) is not available "
                + "on this host: this is not Windows\n"), e.getMessage());
        assertTrue(e.getMessage().contains("  - linux ("), e.getMessage());
    }

    @Test
    void noneAvailableListsEveryCandidateWithItsCause() {
        Throwable nested = new IllegalStateException("cgroup v2 is not mounted at /sys/fs/cgroup",
                new java.io.IOException("No such file or directory"));
        PlatformProvider linux = new DelegatingUnavailable("linux", 100, nested);
        PlatformSelectionException e = assertThrows(PlatformSelectionException.class, () -> PlatformSelector.select(
                List.of(Candidate.of(linux),
                        Candidate.of(FakeProvider.unavailable("windows", 100, "this is not Windows")),
                        Candidate.failed(new ServiceConfigurationError(
                                "dev.hsu.spi.PlatformProvider: Provider com.example.Broken could not be instantiated",
                                new NoClassDefFoundError("com/sun/jna/Native")))), AUTO));
        String m = e.getMessage();
        assertTrue(m.startsWith("No platform adapter can run on this host, "), m);
        assertTrue(m.contains("  - linux (" + DelegatingUnavailable.class.getName() + ", priority 100): not available: "
                + "cgroup v2 is not mounted at /sys/fs/cgroup; caused by: No such file or directory\n"), m);
        assertTrue(m.contains("  - windows (" + FakeProvider.class.getName()
                + ", priority 100): not available: this is not Windows\n"), m);
        assertTrue(m.contains("  - (failed to load): dev.hsu.spi.PlatformProvider: Provider com.example.Broken could "
                + "not be instantiated; caused by: com/sun/jna/Native\n"), m);
        assertTrue(m.endsWith("choose one with -Dhsu.platform=ID or HSU_PLATFORM=ID."), m);
    }

    @Test
    void noProviderAtAllSaysWhatToAdd() {
        PlatformSelectionException e = assertThrows(PlatformSelectionException.class,
                () -> PlatformSelector.select(List.of(), AUTO));
        assertTrue(e.getMessage().contains("Put hsu-linux, hsu-windows or hsu-macos on the class path"), e.getMessage());
    }

    @Test
    void aProbeThatThrowsCountsAsUnavailable() throws Exception {
        FakeProvider linux = FakeProvider.available("linux", 100);
        PlatformProvider throwing = new DelegatingUnavailable("exploding", 500, null) {
            @Override
            public boolean isAvailable() {
                throw new UnsatisfiedLinkError("libc.so.6 not found");
            }
        };
        assertSame(linux, PlatformSelector.select(List.of(Candidate.of(throwing), Candidate.of(linux)), AUTO));
        PlatformSelectionException e = assertThrows(PlatformSelectionException.class,
                () -> PlatformSelector.select(List.of(Candidate.of(throwing)), AUTO));
        assertTrue(e.getMessage().contains("not available: its availability probe failed: libc.so.6 not found"),
                e.getMessage());
    }

    @Test
    void forcedChoiceComesFromThePropertyBeforeTheEnvironment() {
        String old = System.getProperty(PlatformSelector.PROPERTY);
        try {
            System.setProperty(PlatformSelector.PROPERTY, " macos ");
            assertEquals(Optional.of(new PlatformSelector.Forced("macos", "-Dhsu.platform")),
                    PlatformSelector.Forced.fromSystem());
        } finally {
            if (old == null) {
                System.clearProperty(PlatformSelector.PROPERTY);
            } else {
                System.setProperty(PlatformSelector.PROPERTY, old);
            }
        }
    }

    /** An unavailable provider with a given cause (possibly nested). */
    static class DelegatingUnavailable implements PlatformProvider {
        private final String id;
        private final int priority;
        private final Throwable cause;

        DelegatingUnavailable(String id, int priority, Throwable cause) {
            this.id = id;
            this.priority = priority;
            this.cause = cause;
        }

        @Override public String id() { return id; }
        @Override public int priority() { return priority; }
        @Override public boolean isAvailable() { return false; }
        @Override public Optional<Throwable> unavailabilityCause() { return Optional.ofNullable(cause); }
        @Override public dev.hsu.spi.PlatformCapabilities capabilities() { throw new IllegalStateException(); }
        @Override public dev.hsu.spi.ProcessLauncher launcher() { throw new IllegalStateException(); }
        @Override public dev.hsu.spi.ProcessSignaller signaller() { throw new IllegalStateException(); }
        @Override public dev.hsu.spi.ResourceLimiter limiter() { throw new IllegalStateException(); }
        @Override public dev.hsu.spi.ResourceMeter meter() { throw new IllegalStateException(); }
    }
}

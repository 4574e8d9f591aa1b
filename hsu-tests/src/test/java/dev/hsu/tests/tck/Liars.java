package dev.hsu.tests.tck;

import dev.hsu.tests.tck.LyingProvider.Lie;

/**
 * Kit classes bound to a {@link LyingProvider}, run only by {@link ConformanceKitSelfTest} through
 * the JUnit Platform launcher. Their names match neither surefire's default includes nor the
 * {@code *Conformance*} selection, so surefire never runs them on its own.
 */
final class Liars {
    /** The lie the classes below are run against (one run at a time). */
    static volatile Lie current = Lie.NONE;

    private Liars() {
    }

    static TckTarget target() {
        Lie lie = current;
        return new TckTarget("lying-" + lie, "Linux", () -> new LyingProvider(lie), PosixShellCommands::new);
    }

    static class Environment extends EnvironmentConformance {
        @Override
        protected TckTarget target() {
            return Liars.target();
        }
    }

    static class ExitCause extends ExitCauseConformance {
        @Override
        protected TckTarget target() {
            return Liars.target();
        }
    }

    static class Stop extends StopConformance {
        @Override
        protected TckTarget target() {
            return Liars.target();
        }
    }

    static class Limit extends LimitConformance {
        @Override
        protected TckTarget target() {
            return Liars.target();
        }
    }
}

package dev.hsu.tests.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.hsu.tests.tck.LyingProvider.Lie;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The kit catches lies: kit tests run against the Linux adapter behind a wrapper that tells one lie
 * ({@link LyingProvider}, through the classes of {@link Liars}) must fail, and the same tests against the honest wrapper must pass. A kit
 * test that passed against a lying adapter would be a test that cannot fail.
 */
class ConformanceKitSelfTest {

    @BeforeAll
    static void onLinux() {
        assumeTrue(Targets.LINUX.runsHere(), "the lying adapters wrap the Linux adapter");
    }

    static Stream<Arguments> lies() {
        return Stream.of(
                Arguments.of(Lie.HIDES_EXIT_CODES, Liars.ExitCause.class, "anExitCodeIsReportedAsItself", "int"),
                Arguments.of(Lie.LEAKS_ENVIRONMENT, Liars.Environment.class, "theEnvironmentIsExactlyTheUnitsOwn", ""),
                Arguments.of(Lie.KILLS_ONLY_THE_MAIN_PROCESS, Liars.Stop.class, "killTreeEndsTheProcessAndEveryChild", ""),
                Arguments.of(Lie.IGNORES_MEMORY, Liars.Limit.class,
                        "memoryEndsOrStarvesAProgramThatAllocatesPastItAndIsExplained", ""),
                Arguments.of(Lie.ACCEPTS_UNCLAIMED_LIMITS, Liars.Limit.class, "anUnclaimedLimitIsRefusedNamingIt",
                        "dev.hsu.spi.LimitKind"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lies")
    void theKitFailsAnAdapterThatLies(Lie lie, Class<?> kitClass, String method, String parameters) {
        TestExecutionSummary honest = run(Lie.NONE, kitClass, method, parameters);
        assertEquals(0, honest.getTotalFailureCount(), () -> "the honest wrapper fails " + method + ": "
                + honest.getFailures().stream().map(f -> f.getException().toString()).toList());
        assertTrue(honest.getTestsSucceededCount() > 0, method + " ran nothing against the honest wrapper");

        TestExecutionSummary lying = run(lie, kitClass, method, parameters);
        assertTrue(lying.getTotalFailureCount() > 0, "the kit did not catch an adapter that " + lie + " in " + method);
    }

    private static TestExecutionSummary run(Lie lie, Class<?> kitClass, String method, String parameters) {
        Liars.current = lie;
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(kitClass, method, parameters)).build(), listener);
        return listener.getSummary();
    }
}

package dev.hsu.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.unit.Dependency;
import dev.hsu.core.unit.HealthCheck;
import dev.hsu.core.unit.LogConfig;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.core.unit.RestartSpec;
import dev.hsu.core.unit.Schedule;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitValidatorTest {
    private static final PlatformCapabilities ALL = new PlatformCapabilities(EnumSet.allOf(LimitKind.class),
            EnumSet.allOf(Signal.class), true, List.of());
    private static final PlatformCapabilities RLIMITS_ONLY = new PlatformCapabilities(
            EnumSet.of(LimitKind.MAX_OPEN_FILES, LimitKind.MAX_PROCESSES), EnumSet.of(Signal.TERM, Signal.KILL),
            false, List.of("memory: no cgroup v2 memory controller is delegated to HSU"));

    private static ManagedUnit.Builder valid(String name) {
        return ManagedUnit.builder(name).executable("/bin/true");
    }

    private static List<Problem> check(ManagedUnit.Builder b) {
        return UnitValidator.validate(b.build(), ALL, true);
    }

    /** Asserts exactly one problem, on {@code field}, whose message contains every fragment. */
    private static Problem only(List<Problem> problems, String field, Severity severity, String... fragments) {
        assertEquals(1, problems.size(), () -> "expected one problem on " + field + ", got " + problems);
        Problem p = problems.get(0);
        assertEquals(field, p.field(), p::toString);
        assertEquals(severity, p.severity(), p::toString);
        for (String f : fragments) {
            assertTrue(p.message().contains(f), () -> "'" + p.message() + "' lacks '" + f + "'");
        }
        return p;
    }

    private static Problem error(ManagedUnit.Builder b, String field, String... fragments) {
        return only(check(b), field, Severity.ERROR, fragments);
    }

    private static ManagedUnit.Builder restart(UnaryOperator<RestartSpec> change) {
        return valid("u").restart(change.apply(RestartSpec.DEFAULT));
    }

    private static ManagedUnit.Builder limits(UnaryOperator<ResourceLimits.Builder> change) {
        return valid("u").resources(change.apply(ResourceLimits.builder()).build());
    }

    private static HealthCheck health(HealthCheck.Type type, String url, Integer port, String command) {
        return new HealthCheck(type, url, null, Map.of(), null, port, command, List.of(), Duration.ZERO,
                Duration.ofSeconds(10), Duration.ofSeconds(1), 0, 1, 3);
    }

    @Test
    void aCompleteValidUnitHasNoProblem() {
        ManagedUnit unit = valid("web-1.api_v2").args("--port", "8080").env("A", "b")
                .workingDirectory(Path.of("/srv")).priority(-5).gracefulTimeout(Duration.ofSeconds(5))
                .resources(ResourceLimits.builder().cpu(0.5).cpuShares(100).memory(64L << 20).memorySwap(128L << 20)
                        .maxProcesses(10).maxOpenFiles(1024L).ioWeight(100).ioReadBps(1L << 20)
                        .ioWriteBps(1L << 20).build())
                .log(new LogConfig(Path.of("logs"), true, 10L << 20, 3))
                .stdout(OutputRedirect.file(Path.of("out.log"))).stderr(OutputRedirect.discard())
                .healthCheck(health(HealthCheck.Type.HTTP, "http://127.0.0.1:8080/health", null, null))
                .schedule(new Schedule("*/5 * * * *", ZoneId.of("UTC"), Schedule.Overlap.SKIP))
                .build();
        assertEquals(List.of(), UnitValidator.validate(unit, ALL, true));
    }

    @Test
    void problemsNameUnitFieldAndFix() {
        Problem p = error(restart(r -> r.withMaxRetries(-2)), "restart.max_retries", "-1", "got -2");
        assertEquals("u", p.unit());
        assertEquals("unit 'u': restart.max_retries: " + p.message(), p.describe());
    }

    // ---- name ----

    @ParameterizedTest
    @ValueSource(strings = {"", "-web", ".hidden", "_x", "a b", "a/b", "ünï", "x:y"})
    void invalidNames(String name) {
        error(valid(name), "name", "'" + name + "'", "letters, digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A", "0", "web", "web-1", "a.b_c-d", "9lives"})
    void validNames(String name) {
        assertEquals(List.of(), check(valid(name)));
    }

    @Test
    void nameOf64IsValidAnd65IsNot() {
        assertEquals(List.of(), check(valid("a".repeat(64))));
        error(valid("a".repeat(65)), "name");
    }

    // ---- command ----

    @Test
    void executableIsRequired() {
        error(ManagedUnit.builder("u"), "executable", "missing");
        error(ManagedUnit.builder("u").executable("  "), "executable", "missing");
    }

    @Test
    void nulCharactersAreRejected() {
        error(valid("u").executable("/bin/a\0b"), "executable", "NUL");
        error(valid("u").args("ok", "b\0d"), "args[1]", "NUL");
        error(valid("u").env("K", "v\0"), "environment.K", "NUL");
    }

    @Test
    void environmentNamesMustBeUsable() {
        error(valid("u").env("A=B", "x"), "environment", "'A=B'");
        error(valid("u").env("", "x"), "environment", "non-empty");
        error(valid("u").env("K", null), "environment.K", "no value");
    }

    @Test
    void emptyWorkingDirectory() {
        error(valid("u").workingDirectory(Path.of("")), "working_directory", "empty");
    }

    // ---- restart ----

    @Test
    void maxRetries() {
        assertEquals(List.of(), check(restart(r -> r.withMaxRetries(-1))));
        assertEquals(List.of(), check(restart(r -> r.withMaxRetries(0))));
        error(restart(r -> r.withMaxRetries(-2)), "restart.max_retries");
    }

    @Test
    void retryDelay() {
        assertEquals(List.of(), check(restart(r -> r.withRetryDelay(Duration.ZERO))));
        error(restart(r -> r.withRetryDelay(Duration.ofMillis(-1))), "restart.retry_delay", "0 or more");
    }

    @Test
    void backoffRate() {
        assertEquals(List.of(), check(restart(r -> r.withBackoffRate(1.0))));
        error(restart(r -> r.withBackoffRate(0.99)), "restart.backoff_rate", "1.0 or more", "0.99");
        error(restart(r -> r.withBackoffRate(Double.NaN)), "restart.backoff_rate");
        error(restart(r -> r.withBackoffRate(Double.POSITIVE_INFINITY)), "restart.backoff_rate");
    }

    @Test
    void maxDelayAtLeastRetryDelay() {
        assertEquals(List.of(), check(restart(r -> r.withRetryDelay(Duration.ofSeconds(5))
                .withMaxDelay(Duration.ofSeconds(5)))));
        error(restart(r -> r.withRetryDelay(Duration.ofSeconds(5)).withMaxDelay(Duration.ofSeconds(4))),
                "restart.max_delay", "restart.retry_delay");
    }

    @Test
    void resetAfterPositive() {
        error(restart(r -> r.withResetAfter(Duration.ZERO)), "restart.reset_after", "above 0");
        error(restart(r -> r.withResetAfter(Duration.ofSeconds(-1))), "restart.reset_after");
    }

    @Test
    void jitterIsAFraction() {
        assertEquals(List.of(), check(restart(r -> r.withJitter(0))));
        assertEquals(List.of(), check(restart(r -> r.withJitter(1))));
        error(restart(r -> r.withJitter(-0.01)), "restart.jitter", "0 to 1");
        error(restart(r -> r.withJitter(1.01)), "restart.jitter");
        error(restart(r -> r.withJitter(Double.NaN)), "restart.jitter");
    }

    @Test
    void aRestartWindowNeedsACountAndASpan() {
        assertEquals(List.of(), check(restart(r -> r.withWindow(1, Duration.ofMillis(1)))));
        error(restart(r -> r.withWindow(0, Duration.ofMinutes(10))), "restart.window_restarts", "1 or more", "got 0");
        error(restart(r -> r.withWindow(-2, Duration.ofMinutes(10))), "restart.window_restarts", "got -2");
        error(restart(r -> r.withWindow(1001, Duration.ofMinutes(10))), "restart.window_restarts", "at most 1000",
                "got 1001", "e.g. 5");
        error(restart(r -> r.withWindow(5, Duration.ZERO)), "restart.window", "above 0", "10m");
        error(restart(r -> r.withWindow(5, Duration.ofSeconds(-1))), "restart.window", "above 0");
    }

    // ---- priority, graceful timeout, stop signal ----

    @Test
    void priorityIsANiceness() {
        assertEquals(List.of(), check(valid("u").priority(-20)));
        assertEquals(List.of(), check(valid("u").priority(19)));
        error(valid("u").priority(-21), "priority", "-20", "19", "-21");
        error(valid("u").priority(20), "priority");
    }

    @Test
    void gracefulTimeoutPositive() {
        error(valid("u").gracefulTimeout(Duration.ZERO), "graceful_timeout", "above 0");
    }

    @Test
    void stopSignalMustBeDeliverable() {
        Problem p = only(UnitValidator.validate(valid("u").stopSignal(Signal.USR1).build(), RLIMITS_ONLY, true),
                "stop_signal", Severity.ERROR, "SIGUSR1", "SIGTERM");
        assertTrue(p.message().contains("SIGKILL"));
    }

    // ---- resources ----

    @Test
    void cpuRange() {
        assertEquals(List.of(), check(limits(l -> l.cpu(4096.0))));
        error(limits(l -> l.cpu(0.0)), "resources.cpu", "above 0");
        error(limits(l -> l.cpu(4096.5)), "resources.cpu", "4096");
        error(limits(l -> l.cpu(Double.NaN)), "resources.cpu");
    }

    @Test
    void cpuSharesRange() {
        assertEquals(List.of(), check(limits(l -> l.cpuShares(1))));
        assertEquals(List.of(), check(limits(l -> l.cpuShares(10_000))));
        error(limits(l -> l.cpuShares(0)), "resources.cpu_shares", "1 to 10000");
        error(limits(l -> l.cpuShares(10_001)), "resources.cpu_shares");
    }

    @Test
    void memoryAtLeastOneMiB() {
        assertEquals(List.of(), check(limits(l -> l.memory(1L << 20))));
        error(limits(l -> l.memory((1L << 20) - 1)), "resources.memory", "1MiB");
    }

    @Test
    void memorySwapAtLeastMemory() {
        assertEquals(List.of(), check(limits(l -> l.memory(64L << 20).memorySwap(64L << 20))));
        error(limits(l -> l.memory(64L << 20).memorySwap(32L << 20)), "resources.memory_swap", "resources.memory");
        error(limits(l -> l.memorySwap(1000L)), "resources.memory_swap", "1MiB");
    }

    @Test
    void processAndFileCounts() {
        error(limits(l -> l.maxProcesses(0)), "resources.max_processes", "1 or more");
        error(limits(l -> l.maxOpenFiles(0L)), "resources.max_open_files", "1 to 1073741824");
        assertEquals(List.of(), check(limits(l -> l.maxOpenFiles(1L << 30))));
        error(limits(l -> l.maxOpenFiles((1L << 30) + 1)), "resources.max_open_files");
    }

    @Test
    void ioLimits() {
        error(limits(l -> l.ioWeight(0)), "resources.io_weight", "1 to 10000");
        error(limits(l -> l.ioWeight(10_001)), "resources.io_weight");
        error(limits(l -> l.ioReadBps(0L)), "resources.io_read_bps", "above 0");
        error(limits(l -> l.ioWriteBps(-1L)), "resources.io_write_bps", "above 0");
    }

    @Test
    void anUnenforceableLimitIsAnErrorInStrictModeWithTheCapabilityNote() {
        ManagedUnit unit = limits(l -> l.memory(64L << 20).maxOpenFiles(100L)).build();
        Problem p = only(UnitValidator.validate(unit, RLIMITS_ONLY, true), "resources.memory", Severity.ERROR,
                "this platform cannot enforce it (no cgroup v2 memory controller is delegated to HSU)",
                "remove it or set master.strict_limits: false to run without it");
        assertEquals("u", p.unit());
    }

    @Test
    void anUnenforceableLimitWithoutNoteListsWhatIsEnforceable() {
        ManagedUnit unit = limits(l -> l.cpu(1.0)).build();
        only(UnitValidator.validate(unit, RLIMITS_ONLY, true), "resources.cpu", Severity.ERROR,
                "enforces only max_open_files, max_processes");
    }

    @Test
    void anUnenforceableLimitIsAWarningInLenientMode() {
        ManagedUnit unit = limits(l -> l.memory(64L << 20).ioWeight(10)).build();
        List<Problem> problems = UnitValidator.validate(unit, RLIMITS_ONLY, false);
        assertEquals(List.of("resources.memory", "resources.io_weight"),
                problems.stream().map(Problem::field).toList());
        assertTrue(problems.stream().allMatch(p -> p.severity() == Severity.WARNING));
    }

    // ---- log and output ----

    @Test
    void logSettings() {
        error(valid("u").log(new LogConfig(null, false, 0L, null)), "log.max_size", "above 0");
        error(valid("u").log(new LogConfig(null, false, null, 0)), "log.max_files", "1 or more");
        error(valid("u").log(new LogConfig(Path.of(""), false, null, null)), "log.directory", "empty");
    }

    @Test
    void outputFilePathNotEmpty() {
        error(valid("u").stdout(OutputRedirect.file(Path.of(""))), "stdout", "empty");
        error(valid("u").stderr(OutputRedirect.file(Path.of(""))), "stderr", "empty");
    }

    // ---- health check ----

    @Test
    void httpCheckNeedsAnHttpUrl() {
        error(valid("u").healthCheck(health(HealthCheck.Type.HTTP, null, null, null)), "health_check.url", "required");
        error(valid("u").healthCheck(health(HealthCheck.Type.HTTP, "ftp://x/y", null, null)), "health_check.url",
                "http://");
        error(valid("u").healthCheck(health(HealthCheck.Type.HTTP, "http://", null, null)), "health_check.url");
        assertEquals(List.of(), check(valid("u").healthCheck(health(HealthCheck.Type.HTTP, "https://h/x", null, null))));
    }

    @Test
    void httpMethodIsAToken() {
        HealthCheck h = new HealthCheck(HealthCheck.Type.HTTP, "http://h/", "GE T", Map.of(), null, null, null,
                List.of(), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 1, 1);
        error(valid("u").healthCheck(h), "health_check.method");
    }

    @Test
    void tcpCheckNeedsAPort() {
        error(valid("u").healthCheck(health(HealthCheck.Type.TCP, null, null, null)), "health_check.port", "required");
        error(valid("u").healthCheck(health(HealthCheck.Type.TCP, null, 0, null)), "health_check.port", "1 to 65535");
        error(valid("u").healthCheck(health(HealthCheck.Type.TCP, null, 65536, null)), "health_check.port");
        assertEquals(List.of(), check(valid("u").healthCheck(health(HealthCheck.Type.TCP, null, 65535, null))));
    }

    @Test
    void execCheckNeedsACommand() {
        error(valid("u").healthCheck(health(HealthCheck.Type.EXEC, null, null, " ")), "health_check.command");
        assertEquals(List.of(), check(valid("u").healthCheck(health(HealthCheck.Type.EXEC, null, null, "/bin/true"))));
    }

    @Test
    void processCheckNeedsNothingElse() {
        assertEquals(List.of(), check(valid("u").healthCheck(health(HealthCheck.Type.PROCESS, null, null, null))));
    }

    @Test
    void healthTimingsAndThresholds() {
        HealthCheck bad = new HealthCheck(HealthCheck.Type.PROCESS, null, null, Map.of(), null, null, null, List.of(),
                Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO, -1, 0, 0);
        Set<String> fields = check(valid("u").healthCheck(bad)).stream().map(Problem::field)
                .collect(Collectors.toSet());
        assertEquals(Set.of("health_check.initial_delay", "health_check.interval", "health_check.timeout",
                "health_check.retries", "health_check.success_threshold", "health_check.failure_threshold"), fields);
    }

    // ---- schedule and dependencies ----

    @ParameterizedTest
    @ValueSource(strings = {"* * * *", "* * * * * * *", "", "@daily"})
    void cronNeedsFiveOrSixFields(String cron) {
        error(valid("u").schedule(new Schedule(cron, ZoneId.of("UTC"), Schedule.Overlap.SKIP)), "schedule.cron",
                "5 (minute hour");
    }

    @Test
    void cronWithSecondsIsAccepted() {
        assertEquals(List.of(), check(valid("u").schedule(new Schedule("0 */5 * * * *", ZoneId.of("UTC"),
                Schedule.Overlap.QUEUE))));
    }

    @Test
    void noSelfDependency() {
        error(valid("u").dependsOn("u"), "depends_on[0]", "itself");
    }

    @Test
    void noDuplicateDependency() {
        error(valid("u").dependsOn(List.of(new Dependency("db", Dependency.Condition.STARTED),
                new Dependency("db", Dependency.Condition.HEALTHY))), "depends_on[1]", "twice");
    }

    // ---- validateAll ----

    @Test
    void validateAllFindsUnknownDependencies() {
        List<Problem> problems = UnitValidator.validateAll(List.of(valid("web").dependsOn("db", "cache").build(),
                valid("db").build()), ALL, true);
        Problem p = only(problems, "depends_on[1]", Severity.ERROR, "'cache'", "does not exist", "web, db");
        assertEquals("web", p.unit());
    }

    @Test
    void validateAllNamesACycle() {
        List<Problem> problems = UnitValidator.validateAll(List.of(valid("a").dependsOn("b").build(),
                valid("b").dependsOn("c").build(), valid("c").dependsOn("a").build(), valid("d").dependsOn("a").build()),
                ALL, true);
        only(problems, "depends_on", Severity.ERROR, "a → b → c → a");
    }

    @Test
    void validateAllNamesATwoCycleAndAcceptsADiamond() {
        only(UnitValidator.validateAll(List.of(valid("a").dependsOn("b").build(), valid("b").dependsOn("a").build()),
                ALL, true), "depends_on", Severity.ERROR, "a → b → a");
        assertEquals(List.of(), UnitValidator.validateAll(List.of(valid("top").dependsOn("l", "r").build(),
                valid("l").dependsOn("base").build(), valid("r").dependsOn("base").build(), valid("base").build()),
                ALL, true));
    }

    @Test
    void validateAllFindsDuplicateNamesAndPerUnitProblems() {
        List<Problem> problems = UnitValidator.validateAll(List.of(valid("a").build(), valid("a").build(),
                valid("b").priority(99).build()), ALL, true);
        assertEquals(List.of("priority", "name"), problems.stream().map(Problem::field).sorted().toList().reversed());
    }

    @Test
    void invalidUnitExceptionListsEveryProblem() {
        List<Problem> problems = check(valid("u").priority(50).gracefulTimeout(Duration.ZERO));
        InvalidUnitException e = new InvalidUnitException(problems);
        assertEquals(2, e.problems().size());
        assertTrue(e.getMessage().startsWith("2 configuration errors:"), e.getMessage());
        assertTrue(e.getMessage().contains("unit 'u': priority:"), e.getMessage());
        assertTrue(e.getMessage().contains("unit 'u': graceful_timeout:"), e.getMessage());
    }
}

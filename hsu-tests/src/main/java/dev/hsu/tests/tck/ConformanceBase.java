package dev.hsu.tests.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.PlatformProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What every class of the kit shares: the target, its provider (which must be available on its
 * own OS), the OS's commands, and the children of the running test, all ended after it.
 *
 * <p>Waiting is on conditions with deadlines ({@link #await()}, {@link #exitOf}); nothing sleeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceBase {
    /** The longest any single condition is waited for. */
    protected static final Duration WAIT = Duration.ofSeconds(15);

    protected PlatformProvider provider;
    protected PlatformCapabilities capabilities;
    protected TckCommands commands;
    protected TckChildren children;

    /** The adapter under test; the same constant in every subclass of one adapter. */
    protected abstract TckTarget target();

    @BeforeAll
    final void requireTheTarget() {
        TckTarget target = target();
        if (!target.runsHere()) {
            return; // every test is skipped, visibly, in freshChildren()
        }
        provider = target.provider();
        assertTrue(provider.isAvailable(), () -> "the " + target.name() + " provider is not available on its own OS: "
                + provider.unavailabilityCause().map(Throwable::toString).orElse("it gives no cause"));
        capabilities = provider.capabilities();
        commands = target.commands();
    }

    @BeforeEach
    final void freshChildren() {
        TckTarget target = target();
        assumeTrue(target.runsHere(), () -> "the " + target.name() + " adapter's conformance tests run on "
                + target.osNamePrefix() + " only; this host runs " + System.getProperty("os.name"));
        children = new TckChildren(provider, commands);
    }

    @AfterEach
    final void endEveryChild() throws InterruptedException {
        if (children != null) {
            children.close();
            children = null;
        }
    }

    /** Awaitility with the kit's deadline, checking at once and then every 10 ms. */
    protected static ConditionFactory await() {
        return Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }

    /** The exit status, waited for at most {@link #WAIT}. */
    protected static ExitStatus exitOf(LaunchedProcess process) throws InterruptedException {
        try {
            return process.onExit().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("process " + process.pid() + " did not end within " + WAIT);
        } catch (ExecutionException e) {
            return fail("the exit of process " + process.pid() + " completed with an error", e.getCause());
        }
    }

    /** Waits until {@code sink} has {@code count} complete lines and returns them. */
    protected static List<String> awaitLines(TckSink sink, int count) {
        await().until(() -> sink.lines().size() >= count);
        return sink.lines();
    }

    /** The pids printed on the first {@code count} lines, each remembered for the clean-up. */
    protected List<ProcessHandle> awaitPids(TckSink sink, int count) {
        List<ProcessHandle> handles = new ArrayList<>();
        for (String line : awaitLines(sink, count).subList(0, count)) {
            long pid = Long.parseLong(line.trim());
            ProcessHandle handle = children.remember(pid);
            assertTrue(handle != null, "descendant " + pid + " is already gone");
            handles.add(handle);
        }
        return handles;
    }

    /** Waits until none of {@code processes} runs any more (gone, or a zombie nobody reaps). */
    protected void awaitAllGone(List<ProcessHandle> processes) {
        await().until(() -> processes.stream().noneMatch(commands::isRunning));
    }
}

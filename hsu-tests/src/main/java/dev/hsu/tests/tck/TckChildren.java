package dev.hsu.tests.tck;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.PlatformProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one test started through the adapter, and every descendant it learnt of, so that
 * {@link #close()} ends all of them: the adapter's {@code killTree} for each launched process, then
 * {@link ProcessHandle#destroyForcibly()} for each remembered descendant (a ProcessHandle checks
 * the start time, so a recycled pid is never hit), then the confinements are released.
 *
 * <p>Thread-safety: safe from any thread.
 */
public final class TckChildren implements AutoCloseable {
    private static final AtomicInteger UNITS = new AtomicInteger();

    private final PlatformProvider provider;
    private final TckCommands commands;
    private final List<LaunchedProcess> launched = new ArrayList<>();
    private final List<Confinement> confinements = new ArrayList<>();
    private final List<ProcessHandle> descendants = new ArrayList<>();

    public TckChildren(PlatformProvider provider, TckCommands commands) {
        this.provider = provider;
        this.commands = commands;
    }

    /** A fresh unit name, unique in this JVM. */
    public static String newUnitName() {
        return "tck-" + UNITS.incrementAndGet();
    }

    /** A spec for {@code command} with the commands' base environment and discarded output. */
    public TckSpec spec(TckCommand command) {
        return new TckSpec(this, command, commands.baseEnvironment());
    }

    /** Launches {@code command} with the defaults of {@link #spec}. */
    public LaunchedProcess start(TckCommand command) throws LaunchException {
        return spec(command).launch();
    }

    /** Prepares a confinement through the adapter's limiter and keeps it for release. */
    public Confinement confine(String unit, dev.hsu.spi.ResourceLimits limits) {
        Confinement c = provider.limiter().confine(unit, limits);
        synchronized (this) {
            confinements.add(c);
        }
        return c;
    }

    /** Launches a spec made elsewhere; its confinement is released by {@link #close()} if it was made by {@link #confine}. */
    public LaunchedProcess launch(LaunchSpec spec) throws LaunchException {
        LaunchedProcess p = provider.launcher().launch(spec);
        synchronized (this) {
            launched.add(p);
        }
        return p;
    }

    /** Remembers a descendant (by pid, pinned to its start time now) for the clean-up. */
    public ProcessHandle remember(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle != null) {
            synchronized (this) {
                descendants.add(handle);
            }
        }
        return handle;
    }

    @Override
    public void close() throws InterruptedException {
        List<LaunchedProcess> processes;
        List<ProcessHandle> handles;
        List<Confinement> toRelease;
        synchronized (this) {
            processes = List.copyOf(launched);
            handles = List.copyOf(descendants);
            toRelease = List.copyOf(confinements);
            launched.clear();
            descendants.clear();
            confinements.clear();
        }
        List<String> problems = new ArrayList<>();
        for (LaunchedProcess p : processes) {
            try {
                provider.signaller().killTree(p);
            } catch (RuntimeException e) {
                problems.add("killTree(" + p.pid() + "): " + e);
            }
        }
        for (ProcessHandle h : handles) {
            h.destroyForcibly();
        }
        for (LaunchedProcess p : processes) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                problems.add("process " + p.pid() + " did not end after killTree: " + e);
            }
        }
        for (Confinement c : toRelease) {
            try {
                provider.limiter().release(c);
            } catch (RuntimeException e) {
                problems.add("release(" + c.unitId() + "): " + e);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("cleaning up the test's children failed: " + problems);
        }
    }
}

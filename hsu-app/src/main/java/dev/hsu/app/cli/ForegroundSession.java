package dev.hsu.app.cli;

import dev.hsu.app.config.Durations;
import dev.hsu.core.Master;
import dev.hsu.core.UnitStatus;
import dev.hsu.spi.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The life of {@code hsu run} after its units were started: waits for SIGINT or SIGTERM (or a
 * shutdown request through the control API), then stops every unit gracefully and in parallel
 * ({@link Master#shutdown()}, each unit bounded by its graceful timeout); a second request during
 * that stop kills everything at once.
 *
 * <p>Thread-safety: {@link #onSignal} is called on signal-dispatch threads, {@link
 * #onShutdownRequest} on a control API thread, {@link #awaitEnd} on the main thread.
 */
final class ForegroundSession {
    /** After a forced stop, how long to wait for the kills to be reaped before exiting anyway. */
    static final Duration FORCED_GRACE = Duration.ofSeconds(5);
    /** Up to this many units, the summary lists each; above, it groups them by outcome. */
    static final int SUMMARY_LIST_LIMIT = 20;

    private final Master master;
    private final ConsoleWriter console;
    private final AtomicInteger requests = new AtomicInteger();
    private final CompletableFuture<Integer> end = new CompletableFuture<>();
    private volatile long stopStartedNanos;
    private volatile boolean forced;
    /** A keep-units shutdown: a second request exits at once, without killing the kept units. */
    private volatile boolean keeping;
    private volatile Runnable beforeShutdown = () -> { };
    private volatile Runnable afterShutdown = () -> { };

    ForegroundSession(Master master, ConsoleWriter console) {
        this.master = master;
        this.console = console;
    }

    /** A SIGINT ({@code INT}) or SIGTERM ({@code TERM}) arrived. Returns at once. */
    void onSignal(String signal) {
        request("SIG" + signal + " received", "SIG" + signal + " received again");
    }

    /**
     * @param before run when a graceful shutdown begins (e.g. freeze the saved unit state)
     * @param after run when it has stopped every unit
     */
    void onShutdown(Runnable before, Runnable after) {
        this.beforeShutdown = before;
        this.afterShutdown = after;
    }

    /** True once any shutdown was asked for. */
    boolean shuttingDown() {
        return requests.get() > 0;
    }

    /**
     * {@code hsu shutdown --keep-units}: ends the session with {@code shutdown}'s exit code,
     * unless a shutdown is already under way.
     *
     * @return false if a shutdown was already under way (nothing done)
     */
    boolean requestKeepingUnits(java.util.function.Supplier<CompletableFuture<Integer>> shutdown) {
        if (!requests.compareAndSet(0, 1)) {
            return false;
        }
        keeping = true;
        stopStartedNanos = System.nanoTime();
        shutdown.get().whenComplete((code, error) -> {
            if (error != null) {
                console.err("hsu: shutdown failed: " + error);
            }
            end.complete(error != null ? ExitCodes.FAILURE : code);
        });
        return true;
    }

    /** {@code hsu shutdown} asked for it through the control API. Returns at once. */
    void onShutdownRequest() {
        request("shutdown requested through the control API", "shutdown requested again");
    }

    private void request(String first, String again) {
        int n = requests.incrementAndGet();
        if (n == 1) {
            stopStartedNanos = System.nanoTime();
            long running = master.statuses().stream().filter(s -> s.pid() > 0).count();
            console.err("hsu: " + first + ", stopping " + running + " running unit(s) gracefully"
                    + " (press Ctrl-C again to kill them at once)");
            beforeShutdown.run();
            master.shutdown().whenComplete((ok, error) -> {
                if (error != null) {
                    console.err("hsu: shutdown failed: " + error);
                } else {
                    afterShutdown.run();
                }
                end.complete(forced ? ExitCodes.FORCED : ExitCodes.OK);
            });
        } else if (n == 2 && keeping) {
            forced = true;
            console.err("hsu: " + again + ": exiting now");
            end.complete(ExitCodes.FORCED);
        } else if (n == 2) {
            forced = true;
            console.err("hsu: " + again + ": killing every unit now");
            forceKill();
            // Exit even if some kill is never reaped (a process stuck in the kernel).
            CompletableFuture.runAsync(() -> end.complete(ExitCodes.FORCED),
                    CompletableFuture.delayedExecutor(FORCED_GRACE.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Kills the main process of every running unit. The master then ends what each left behind
     * (its process group, cgroup or job), as it does after any exit, so whole trees go.
     */
    private void forceKill() {
        for (UnitStatus s : master.statuses()) {
            if (s.pid() > 0) {
                try {
                    master.signal(s.name(), Signal.KILL);
                } catch (RuntimeException e) {
                    // It ended meanwhile, or the platform refused: nothing more to do for it.
                }
            }
        }
    }

    /** Blocks until the units are stopped after a signal; returns the exit code. */
    int awaitEnd() throws InterruptedException {
        int code;
        try {
            code = end.get();
        } catch (ExecutionException e) {
            code = ExitCodes.FAILURE;
        }
        if (!master.shutdown().isDone()) {
            console.err("hsu: some units had not ended " + Durations.format(FORCED_GRACE) + " after the kill");
        }
        printSummary(code);
        return code;
    }

    private void printSummary(int code) {
        Duration took = Duration.ofNanos(System.nanoTime() - stopStartedNanos);
        List<UnitStatus> all = master.statuses();
        console.out("hsu: " + all.size() + " unit(s) " + (code == ExitCodes.FORCED ? "killed" : "stopped") + " in "
                + Durations.format(took.withNanos(took.toMillisPart() * 1_000_000)));
        if (all.size() <= SUMMARY_LIST_LIMIT) {
            int width = all.stream().mapToInt(s -> s.name().length()).max().orElse(4);
            for (UnitStatus s : all) {
                console.out("  " + UnitOutputPrinter.pad(s.name(), width) + "  "
                        + UnitOutputPrinter.pad(s.state().name(), 9) + " restarts " + s.restarts()
                        + (outcome(s).isEmpty() ? "" : "  " + outcome(s)));
            }
            return;
        }
        // Hundreds of lines saying the same thing help nobody: one line per outcome, with examples.
        Map<String, List<String>> byOutcome = new LinkedHashMap<>();
        for (UnitStatus s : all) {
            String key = s.state().name() + (outcome(s).isEmpty() ? "" : "  " + outcome(s));
            byOutcome.computeIfAbsent(key, k -> new ArrayList<>()).add(s.name());
        }
        for (Map.Entry<String, List<String>> e : byOutcome.entrySet()) {
            List<String> names = e.getValue();
            console.out("  " + names.size() + " " + e.getKey() + "  ["
                    + String.join(", ", names.subList(0, Math.min(5, names.size())))
                    + (names.size() > 5 ? ", ..." : "") + "]");
        }
    }

    private static String outcome(UnitStatus s) {
        return s.lastExit() != null ? s.lastExit().describe() : s.reason() != null ? s.reason() : "";
    }
}

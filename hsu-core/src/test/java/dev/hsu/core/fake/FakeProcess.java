package dev.hsu.core.fake;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.Signal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory process: it "runs" until the test ends it with {@link #exit(int)} or
 * {@link #die(Signal)}, or until a signal its {@link Behavior} does not ignore arrives.
 */
public final class FakeProcess implements LaunchedProcess {

    /** How the process reacts to the stop signal. */
    public enum Behavior {
        /** Dies by the signal, as a program without a handler does. */
        DIES_ON_SIGNAL,
        /** Traps it and exits with code 0. */
        EXITS_0_ON_SIGNAL,
        /** Ignores every signal but SIGKILL. */
        IGNORES_SIGNALS
    }

    private final long pid;
    private final LaunchSpec spec;
    private final Behavior behavior;
    private final Instant startTime = Instant.now();
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    final List<Signal> signals = new CopyOnWriteArrayList<>();
    final List<Signal> treeSignals = new CopyOnWriteArrayList<>();
    volatile int killTreeCalls;

    FakeProcess(long pid, LaunchSpec spec, Behavior behavior) {
        this.pid = pid;
        this.spec = spec;
        this.behavior = behavior;
    }

    public LaunchSpec spec() {
        return spec;
    }

    public List<Signal> signals() {
        return signals;
    }

    public List<Signal> treeSignals() {
        return treeSignals;
    }

    public int killTreeCalls() {
        return killTreeCalls;
    }

    /** Ends the process with an exit code, as if it called exit(). */
    public void exit(int code) {
        exit.complete(new ExitStatus.Exited(code));
    }

    /** Ends the process by a signal. */
    public void die(Signal signal) {
        exit.complete(new ExitStatus.Killed(number(signal), signal, false));
    }

    void receive(Signal signal) {
        if (signal == Signal.KILL) {
            die(Signal.KILL);
            return;
        }
        switch (behavior) {
            case DIES_ON_SIGNAL -> die(signal);
            case EXITS_0_ON_SIGNAL -> exit(0);
            case IGNORES_SIGNALS -> { }
        }
    }

    static int number(Signal signal) {
        return switch (signal) {
            case HUP -> 1;
            case INT -> 2;
            case QUIT -> 3;
            case ABRT -> 6;
            case KILL -> 9;
            case USR1 -> 10;
            case USR2 -> 12;
            case PIPE -> 13;
            case ALRM -> 14;
            case TERM -> 15;
            default -> 100 + signal.ordinal();
        };
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    @Override
    public CompletableFuture<ExitStatus> onExit() {
        return exit;
    }

    @Override
    public Confinement confinement() {
        return spec.confinement();
    }

    @Override
    public String toString() {
        return "FakeProcess[" + pid + " " + spec.unitId() + "]";
    }
}

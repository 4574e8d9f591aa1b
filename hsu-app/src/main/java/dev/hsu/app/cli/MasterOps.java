package dev.hsu.app.cli;

import dev.hsu.app.config.ConfigLoader;
import dev.hsu.app.config.ConfigProblem;
import dev.hsu.app.config.ControlTcpConfig;
import dev.hsu.app.config.LoadedConfig;
import dev.hsu.app.control.ControlServer;
import dev.hsu.app.control.MasterOperations;
import dev.hsu.app.control.StateDirectory;
import dev.hsu.app.control.TokenFile;
import dev.hsu.app.ops.Readoption;
import dev.hsu.app.ops.ReloadOutcome;
import dev.hsu.app.ops.Reloader;
import dev.hsu.app.ops.StateFile;
import dev.hsu.app.ops.StatePersister;
import dev.hsu.core.KeptUnits;
import dev.hsu.core.Master;
import dev.hsu.core.UnitStatus;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code hsu run} (and the daemon) does to operate its master beyond supervising: ties the
 * units' lives to the master's ({@code master.on_crash}), re-attaches to the units a previous
 * master left running, keeps the unit state file up to date, reloads the file on
 * {@code hsu reload} and SIGHUP, shuts down keeping the units on
 * {@code hsu shutdown --keep-units}, and starts the TCP listener of the control API.
 *
 * <p>Thread-safety: {@link #reload} and {@link #shutdownKeepingUnits} may be called from any
 * thread; the start-up methods from the starting thread, in order.
 */
final class MasterOps implements MasterOperations {

    private final Master master;
    private final ForegroundSession session;
    private final ConsoleWriter console;
    private final LoadedConfig config;
    private final StatePersister persister;
    private final StateFile stateFile;
    private final Reloader reloader;

    MasterOps(Master master, ForegroundSession session, ConsoleWriter console, LoadedConfig config,
              StateDirectory state, Path file, PlatformCapabilities capabilities) {
        this.master = master;
        this.session = session;
        this.console = console;
        this.config = config;
        this.stateFile = new StateFile(state.path());
        this.persister = new StatePersister(master, stateFile);
        this.reloader = new Reloader(master, file, new ConfigLoader(capabilities), config.master());
        session.onShutdown(persister::freeze, persister::clear);
    }

    /**
     * Starts the TCP listener if {@code master.control_tcp} asks for it.
     *
     * @return false (after saying why) if it was asked for and could not start
     */
    boolean startTcp(ControlServer control) {
        ControlTcpConfig tcp = config.master().controlTcp();
        if (tcp == null) {
            return true;
        }
        try {
            InetSocketAddress bound = control.startTcp(tcp.address(), TokenFile.read(tcp.tokenFile()));
            console.err("hsu: control API also on http://" + bound.getAddress().getHostAddress() + ":" + bound.getPort()
                    + " (bearer token of " + tcp.tokenFile() + " required)");
            return true;
        } catch (IOException e) {
            console.err("hsu: master.control_tcp: " + e.getMessage());
            return false;
        }
    }

    /**
     * Before any unit starts: ties the units to the master unless {@code on_crash: keep-units},
     * re-attaches to what the previous master left, starts saving the unit state.
     *
     * @return the outcome (units to leave out of the start, units to restart after it)
     */
    Readoption.Outcome adoptAndWatch() {
        boolean bind = !config.master().keepUnitsOnCrash();
        try {
            master.platform().launcher().bindToMaster(bind);
        } catch (UnsupportedCapabilityException e) {
            console.err("hsu: warning: " + e.getMessage() + "; units keep running if the master dies without "
                    + "stopping them");
        } catch (IllegalStateException e) {
            console.err("hsu: warning: " + e.getMessage() + "; units keep running if the master dies without "
                    + "stopping them");
        }
        Readoption.Outcome outcome = Readoption.run(master, stateFile);
        outcome.messages().forEach(console::err);
        master.subscribe(persister);
        return outcome;
    }

    /** After the start: restarts re-attached units that changed, saves the state once. */
    void afterStart(Readoption.Outcome outcome) {
        for (String name : outcome.changed()) {
            master.restart(name);
        }
        persister.writeNow();
    }

    /** SIGHUP. */
    void reloadOnSignal() {
        console.err("hsu: SIGHUP received, reloading " + reloader.file());
        reload();
    }

    @Override
    public Answer reload() {
        ReloadOutcome outcome;
        try {
            outcome = reloader.reload();
        } catch (IllegalStateException e) {
            return new Answer(409, Map.of("status", 409, "error", "cannot reload: " + e.getMessage()), null);
        }
        console.err("hsu: " + outcome.summary());
        outcome.problems().forEach(p -> console.err("  " + p));
        outcome.warnings().forEach(w -> console.err("  warning: " + w));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("file", outcome.file());
        if (!outcome.applied()) {
            body.put("status", 422);
            body.put("error", outcome.file() + " is invalid; nothing was changed");
            body.put("problems", outcome.problems().stream().map(ConfigProblem::toString).toList());
            return new Answer(422, body, null);
        }
        body.put("added", outcome.added());
        body.put("removed", outcome.removed());
        body.put("changed", outcome.changed());
        body.put("scaled", outcome.scaled());
        body.put("unchanged", outcome.unchanged());
        body.put("warnings", outcome.warnings());
        return new Answer(200, body, null);
    }

    @Override
    public Answer shutdownKeepingUnits() {
        if (session.shuttingDown()) {
            return new Answer(409, Map.of("status", 409, "error", "the master is already shutting down"), null);
        }
        List<Map<String, Object>> kept = new ArrayList<>();
        List<Map<String, Object>> stopped = new ArrayList<>();
        for (UnitStatus s : master.statuses()) {
            List<UnitStatus> instances = s.replicas().isEmpty() ? List.of(s) : s.replicas();
            String why = master.unit(s.name()).flatMap(KeptUnits::whyNotKeepable).orElse(null);
            for (UnitStatus i : instances) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("unit", i.name());
                if (why == null && i.pid() > 0) {
                    entry.put("pid", i.pid());
                    kept.add(entry);
                } else {
                    entry.put("reason", why != null ? why : "no running process (" + i.state() + ")");
                    stopped.add(entry);
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "shutting down, keeping units");
        body.put("pid", ProcessHandle.current().pid());
        body.put("kept", kept);
        body.put("stopped", stopped);
        return new Answer(202, body, () -> Thread.ofPlatform().name("hsu-keep-units").start(this::keepUnits));
    }

    private void keepUnits() {
        boolean started = session.requestKeepingUnits(() -> {
            console.err("hsu: shutdown requested through the control API, keeping the units running for the next "
                    + "master");
            persister.freeze();
            return master.shutdownKeepingUnits().thenApply(this::leave);
        });
        if (!started) {
            console.err("hsu: a keep-units shutdown came while a shutdown was under way; ignored");
        }
    }

    /** After the keep-units shutdown: save what was kept, untie the units from this process. */
    private int leave(KeptUnits outcome) {
        try {
            persister.writeKept();
        } catch (IOException e) {
            console.err("hsu: could not save the kept units to " + stateFile.path() + ": " + e.getMessage()
                    + "; they end with this master (still tied to it), since no master could find them");
            return ExitCodes.FAILURE;
        }
        try {
            master.platform().launcher().bindToMaster(false);
        } catch (RuntimeException e) {
            console.err("hsu: could not untie the units from the master (" + e.getMessage() + "); they may die with it");
        }
        console.err("hsu: left " + outcome.kept().size() + " unit process(es) running for the next master: "
                + outcome.kept());
        outcome.stopped().forEach((unit, why) -> console.err("hsu: stopped " + unit + ": " + why));
        return ExitCodes.OK;
    }
}

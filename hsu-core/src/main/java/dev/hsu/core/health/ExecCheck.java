package dev.hsu.core.health;

import dev.hsu.core.Platform;
import dev.hsu.core.unit.HealthCheck;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchException;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.ProcessIdentity;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputSink;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An exec check: runs the check's command through the platform's {@link
 * dev.hsu.spi.ProcessLauncher} (in a process group and confinement of its own, with the unit's
 * environment and working directory); healthy on exit code 0. If it has not ended within the
 * timeout, its whole process tree is killed through the {@link dev.hsu.spi.ProcessSignaller} and
 * the attempt fails. After any end, what it left behind in its group is killed too.
 *
 * <p>The first {@value #OUTPUT_LIMIT} bytes of its output (stdout and stderr) go into the
 * result's detail.
 *
 * <p>Thread-safety: immutable; attempts may run concurrently.
 */
public final class ExecCheck implements CheckAttempt {
    static final int OUTPUT_LIMIT = 512;
    private static final System.Logger LOG = System.getLogger(ExecCheck.class.getName());

    private final Platform platform;
    private final String unit;
    private final HealthCheck check;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final ProcessIdentity identity;
    private final Integer umask;

    /**
     * @param unit the unit (or replica) name, for messages and the check's confinement name
     * @param environment the check's complete environment (the unit's)
     * @param workingDirectory its working directory (the unit's); null for the master's
     */
    public ExecCheck(Platform platform, String unit, HealthCheck check, Map<String, String> environment,
                     Path workingDirectory) {
        this(platform, unit, check, environment, workingDirectory, null, null);
    }

    /**
     * @param identity the user the check runs as (the unit's); null for the master's
     * @param umask the check's umask (the unit's); null for the master's
     */
    public ExecCheck(Platform platform, String unit, HealthCheck check, Map<String, String> environment,
                     Path workingDirectory, ProcessIdentity identity, Integer umask) {
        this.identity = identity;
        this.umask = umask;
        this.platform = platform;
        this.unit = unit;
        this.check = check;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    @Override
    public CheckResult run() throws InterruptedException {
        Confinement c;
        try {
            // ':' cannot occur in a unit name: the check never shares a confinement name with a unit.
            c = platform.limiter().confine(unit + ":health", ResourceLimits.NONE);
        } catch (RuntimeException e) {
            return CheckResult.failed("cannot prepare the check command: " + e.getMessage());
        }
        Output output = new Output();
        try {
            LaunchedProcess p;
            try {
                p = platform.launcher().launch(new LaunchSpec(unit + ":health", check.command(), check.args(),
                        environment, workingDirectory, new OutputTarget.Capture(output),
                        new OutputTarget.Capture(output), null, c, identity, umask));
            } catch (LaunchException e) {
                return CheckResult.failed("cannot run " + check.command() + ": " + e.getMessage());
            }
            try {
                ExitStatus status = p.onExit().get(check.timeout().toNanos(), TimeUnit.NANOSECONDS);
                String out = output.text();
                return status.success() ? CheckResult.ok(check.command() + " exited with code 0")
                        : CheckResult.failed(check.command() + " " + status + (out.isEmpty() ? "" : ": " + out));
            } catch (TimeoutException e) {
                killTree(p);
                awaitQuietly(p);
                return CheckResult.failed(check.command() + " did not finish within "
                        + HttpCheck.format(check.timeout()) + "; its process tree was killed");
            } catch (ExecutionException e) {
                return CheckResult.failed(check.command() + ": the platform gave no exit status (" + e.getCause() + ")");
            } catch (InterruptedException e) {
                killTree(p);
                throw e;
            } finally {
                killTree(p); // what it left behind in its group
            }
        } finally {
            try {
                platform.limiter().release(c);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "unit '" + unit + "': releasing its check's confinement failed", e);
            }
        }
    }

    private void killTree(LaunchedProcess p) {
        try {
            platform.signaller().killTree(p);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unit '" + unit + "': killing its check command (pid " + p.pid()
                    + ") failed", e);
        }
    }

    private static void awaitQuietly(LaunchedProcess p) {
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Killed; if its reap is late, the adapter still reaps it: nothing to wait for here.
        }
    }

    /** The first bytes of the check's stdout and stderr. Called by the adapter's I/O thread. */
    private static final class Output implements OutputSink {
        private final byte[] bytes = new byte[OUTPUT_LIMIT];
        private int length;

        @Override
        public synchronized void write(byte[] buffer, int n) {
            int take = Math.min(n, bytes.length - length);
            System.arraycopy(buffer, 0, bytes, length, take);
            length += take;
        }

        @Override
        public void closed() {
        }

        synchronized String text() {
            return new String(bytes, 0, length, StandardCharsets.UTF_8).strip().replace('\n', ' ');
        }
    }
}

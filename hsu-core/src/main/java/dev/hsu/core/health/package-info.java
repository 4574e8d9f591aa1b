/**
 * Health checks: one attempt of each kind ({@link dev.hsu.core.health.HttpCheck},
 * {@link dev.hsu.core.health.TcpCheck}, {@link dev.hsu.core.health.ExecCheck},
 * {@link dev.hsu.core.health.ProcessCheck}) and the {@link dev.hsu.core.health.Probe} that runs
 * them on a schedule with Kubernetes probe semantics. Used by the master's unit actors; public
 * so that the master can live in another package, not a stable API of its own.
 *
 * <p>Threads: attempts block, on virtual threads; timers are the master's one timer thread. A
 * thousand probes need no platform thread of their own.
 */
package dev.hsu.core.health;

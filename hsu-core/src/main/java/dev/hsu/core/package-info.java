/**
 * HSU's domain core: the {@link dev.hsu.core.Master} that supervises managed units (see
 * {@link dev.hsu.core.unit.ManagedUnit}) on one {@link dev.hsu.core.Platform}, their
 * {@link dev.hsu.core.UnitState states}, {@link dev.hsu.core.UnitStatus statuses},
 * {@link dev.hsu.core.ExitCause exit causes} and {@link dev.hsu.core.UnitEvent events}.
 *
 * <p>Depends on {@code dev.hsu.spi} and the JDK only: no process is started here except through
 * the platform's {@link dev.hsu.spi.ProcessLauncher}.
 */
package dev.hsu.core;

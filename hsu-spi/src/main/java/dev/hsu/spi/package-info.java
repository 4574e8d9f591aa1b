/**
 * The ports between HSU's domain core and an operating-system adapter, and the value types that
 * cross them. This package depends on the JDK only.
 *
 * <p>An adapter implements {@link dev.hsu.spi.PlatformProvider} and registers it in
 * {@code META-INF/services/dev.hsu.spi.PlatformProvider}. The four ports are
 * {@link dev.hsu.spi.ProcessLauncher}, {@link dev.hsu.spi.ProcessSignaller},
 * {@link dev.hsu.spi.ResourceLimiter} and {@link dev.hsu.spi.ResourceMeter}.
 */
package dev.hsu.spi;

/**
 * The Linux adapter of HSU: {@link dev.hsu.linux.LinuxPlatformProvider}, registered for
 * {@link java.util.ServiceLoader} under {@code META-INF/services/dev.hsu.spi.PlatformProvider}.
 * Everything else is private to the adapter, in {@code dev.hsu.linux.internal}.
 */
package dev.hsu.linux;

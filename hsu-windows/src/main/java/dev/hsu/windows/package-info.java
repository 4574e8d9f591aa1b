/**
 * The Windows adapter of HSU: {@link dev.hsu.windows.WindowsPlatformProvider}, registered for
 * {@link java.util.ServiceLoader} under {@code META-INF/services/dev.hsu.spi.PlatformProvider}.
 * Everything else is private to the adapter, in {@code dev.hsu.windows.internal}.
 */
package dev.hsu.windows;

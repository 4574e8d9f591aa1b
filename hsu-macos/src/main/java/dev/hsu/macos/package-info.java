/**
 * The macOS adapter of HSU: {@link dev.hsu.macos.MacOsPlatformProvider}, registered for
 * {@link java.util.ServiceLoader} under {@code META-INF/services/dev.hsu.spi.PlatformProvider}.
 * Everything else is private to the adapter, in {@code dev.hsu.macos.internal}.
 */
package dev.hsu.macos;

/**
 * The adapter conformance kit: the contract of the ports ({@link dev.hsu.spi}) as abstract JUnit 5
 * classes that any adapter's test module extends in a few lines.
 *
 * <pre>{@code
 * final class MyTck {
 *     static final TckTarget TARGET = new TckTarget("freebsd", "FreeBSD",
 *             FreeBsdPlatformProvider::new, PosixShellCommands::new);
 * }
 * class FreeBsdLaunchConformanceTest extends LaunchConformance {
 *     @Override protected TckTarget target() { return MyTck.TARGET; }
 * }
 * // ... one such class for each of ProviderConformance, LaunchConformance,
 * // EnvironmentConformance, SignalConformance, StopConformance, LimitConformance,
 * // AccountingConformance and ExitCauseConformance.
 * }</pre>
 *
 * <p>Each test runs real processes through the adapter's own ports. A test that needs a
 * capability runs only when {@code capabilities()} claims it ({@code assumeTrue}); what is
 * claimed must then hold. A limit or signal that is not claimed must be refused with an
 * {@link dev.hsu.spi.UnsupportedCapabilityException} naming it. On a host of another OS every
 * test is skipped; on the adapter's own OS an unavailable provider fails every test with its cause.
 *
 * <p>The OS-specific part is {@link dev.hsu.tests.tck.TckCommands}: {@link
 * dev.hsu.tests.tck.PosixShellCommands} for Linux, macOS and the BSDs, {@link
 * dev.hsu.tests.tck.WindowsCommands} for Windows. See {@code docs/writing-an-adapter.md}.
 */
package dev.hsu.tests.tck;

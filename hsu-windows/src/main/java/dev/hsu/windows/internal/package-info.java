/**
 * The Windows adapter's implementation; not an API.
 *
 * <p>Map: {@link dev.hsu.windows.internal.Kernel32} and {@link dev.hsu.windows.internal.User32}
 * (JNA interface mappings, mockable) with this package's structures ({@code Win32Structure}
 * subclasses, layouts tested) · {@code WindowsProbe} · {@code IocpLoop} (one completion-port
 * thread: {@code CapturePipe} reads, Job Object messages, exits posted by {@code ExitWatcher}) ·
 * {@code WindowsProcessLauncher} ({@code ExecutableSearch}, {@code CommandLine},
 * {@code EnvironmentBlock}, {@code ChildStdio}, {@code PeImage}, {@code PriorityClass};
 * suspended create, assign, resume) · {@code WindowsProcess} · {@code WindowsProcessSignaller}
 * ({@code ConsoleControl}, {@code WindowCloser}, {@code ExitCodes}) · {@code JobObjectLimiter}
 * ({@code JobLimits}, {@code WindowsConfinement}) · {@code JobObjectMeter}.
 */
package dev.hsu.windows.internal;

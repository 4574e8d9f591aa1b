/**
 * The macOS adapter's implementation; not an API.
 *
 * <p>Map: {@link dev.hsu.macos.internal.MacLibc} and {@link dev.hsu.macos.internal.MacLibProc}
 * (JNA interface mappings of libSystem, mockable) with this package's structures
 * ({@code DarwinStructure} subclasses, layouts tested) · {@code MacProbe} · {@code KqueueLoop} (one
 * kqueue thread: {@code MacProcess} exits by {@code EVFILT_PROC}, {@code CapturePipe} output by
 * {@code EVFILT_READ}) · {@code MacProcessLauncher} ({@code ExecutableResolver}, {@code Stdio},
 * {@code Spawner}, {@code Trampoline} with {@code ShellProfile}, {@code MasterLimits}) ·
 * {@code MacProcessSignaller} with {@code ProcessTree} (process group + parent links, start times
 * checked) · {@code RlimitLimiter} ({@code MacConfinement}, {@code RlimitStep}) ·
 * {@code LibprocMeter} ({@code ProcInfo}).
 */
package dev.hsu.macos.internal;

/**
 * The Linux adapter's implementation; not an API.
 *
 * <p>Map: {@link dev.hsu.linux.internal.Libc} (JNA direct mapping) ·
 * {@code Spawner}/{@code SpawnPlan} (posix_spawn) · {@code LinuxProcessLauncher} (checks,
 * {@code Stdio}, {@code Trampoline} with {@code PreExecStep}s, pidfd) · {@code EventLoop} (one
 * epoll thread: {@code LinuxProcess} exits, {@code CapturePipe} output) ·
 * {@code LinuxProcessSignaller} with {@code ProcessTree} (process group + parent links, pidfd
 * pinned) · {@code RlimitLimiter} ({@code LinuxConfinement}) · {@code ProcFsMeter} with
 * {@code ProcFs} parsers (the proc root is a parameter).
 */
package dev.hsu.linux.internal;

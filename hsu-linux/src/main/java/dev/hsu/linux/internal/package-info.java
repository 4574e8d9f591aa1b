/**
 * The Linux adapter's implementation; not an API.
 *
 * <p>Map: {@link dev.hsu.linux.internal.Libc} (JNA direct mapping) ·
 * {@code Spawner}/{@code SpawnPlan} (posix_spawn) · {@code LinuxProcessLauncher} (checks,
 * {@code Stdio}, {@code Trampoline} with {@code PreExecStep}s, pidfd) · {@code EventLoop} (one
 * epoll thread: {@code LinuxProcess} exits, {@code CapturePipe} output) ·
 * {@code LinuxProcessSignaller} with {@code ProcessTree} (cgroup kill, process group + parent
 * links, pidfd pinned) · {@code LinuxLimiter} ({@code LinuxConfinement}: a unit cgroup,
 * {@code JoinCgroup} and {@code SetRlimit} steps) with {@code LinuxCapabilities} and
 * {@code LinuxCgroups} (this JVM's detection and tree, in the {@code cgroup} sub-package) ·
 * {@code CgroupMeter} over {@code ProcFsMeter} with {@code ProcFs} parsers (the proc root is a
 * parameter).
 */
package dev.hsu.linux.internal;

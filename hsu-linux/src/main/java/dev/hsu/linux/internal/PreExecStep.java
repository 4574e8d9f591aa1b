package dev.hsu.linux.internal;

import java.util.List;

/**
 * Something the child must do to itself after the fork and before its program's first
 * instruction, run by the exec trampoline ({@link Trampoline}).
 *
 * <p>Each step contributes a <em>fixed</em> piece of POSIX shell text and its values as separate
 * operands: the text reads them as {@code "$1"}, {@code "$2"}... and {@code shift}s them away, so
 * no value is ever parsed as shell code. A step that fails must end the trampoline with
 * {@link Trampoline#FAILURE_EXIT_CODE} after a message on stderr, so the program never runs
 * outside its confinement.
 *
 * <p>The limiter produces them into {@link LinuxConfinement#preExecSteps()}: {@link JoinCgroup}s
 * first (placement in the unit's cgroup), then {@link SetRlimit}s; the launcher adds {@link SetUmask}
 * from the launch spec.
 */
sealed interface PreExecStep permits JoinCgroup, SetRlimit, SetUmask {

    /** The fixed shell text; it must consume exactly {@link #operands()} from the positional parameters. */
    String script(ShellProfile shell);

    /** The values the text reads, in order. */
    List<String> operands();
}

package dev.hsu.linux.internal;

import java.util.List;

/**
 * Sets the file mode creation mask with the shell's {@code umask} builtin, before the program
 * runs; every file the program (and its children) creates gets it.
 *
 * @param mask 0 to 0777
 */
record SetUmask(int mask) implements PreExecStep {

    SetUmask {
        if (mask < 0 || mask > 0777) {
            throw new IllegalArgumentException("umask must be from 0 to 0777, got 0" + Integer.toOctalString(mask));
        }
    }

    @Override
    public String script(ShellProfile shell) {
        return "umask \"$1\" || { echo \"hsu-exec: cannot set umask $1\" >&2; exit " + Trampoline.FAILURE_EXIT_CODE
                + "; }; shift";
    }

    /** Four octal digits: {@code umask} reads its operand as octal. */
    @Override
    public List<String> operands() {
        return List.of(String.format("%04o", mask));
    }
}

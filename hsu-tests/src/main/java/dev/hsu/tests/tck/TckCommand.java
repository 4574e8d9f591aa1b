package dev.hsu.tests.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A program and its arguments, as a {@link dev.hsu.spi.LaunchSpec} takes them: {@code executable}
 * is given to the adapter as is (a bare name is searched in the PATH of the unit's environment).
 *
 * @param executable the program
 * @param args the arguments after argv[0]
 */
public record TckCommand(String executable, List<String> args) {

    public TckCommand {
        Objects.requireNonNull(executable, "executable");
        args = List.copyOf(args);
    }

    public static TckCommand of(String executable, String... args) {
        return new TckCommand(executable, List.of(args));
    }

    /** The same program with {@code more} appended to its arguments. */
    public TckCommand plus(List<String> more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(more);
        return new TckCommand(executable, all);
    }
}

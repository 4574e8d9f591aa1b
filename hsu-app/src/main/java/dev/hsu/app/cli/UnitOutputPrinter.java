package dev.hsu.app.cli;

import dev.hsu.core.ConsoleOutput;
import dev.hsu.core.OutputStream;

/**
 * Prints console-redirected unit output as {@code web    | line}: stdout lines to the master's
 * stdout, stderr lines to its stderr. Never blocks (see {@link ConsoleWriter}).
 */
final class UnitOutputPrinter implements ConsoleOutput {
    private final ConsoleWriter console;
    private final int nameWidth;

    UnitOutputPrinter(ConsoleWriter console, int nameWidth) {
        this.console = console;
        this.nameWidth = nameWidth;
    }

    @Override
    public void line(String unit, OutputStream stream, String line) {
        String text = pad(unit, nameWidth) + " | " + line;
        if (stream == OutputStream.STDERR) {
            console.err(text);
        } else {
            console.out(text);
        }
    }

    static String pad(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        StringBuilder sb = new StringBuilder(width).append(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }
}

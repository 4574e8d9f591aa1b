package dev.hsu.windows.internal;

import java.util.List;

/**
 * Builds the one command-line string Windows passes to a program, so that the program's C
 * runtime (or {@code CommandLineToArgvW}) splits it back into exactly the unit's arguments.
 *
 * <p>The rules (Microsoft's "Parsing C++ command-line arguments" and {@code CommandLineToArgvW}):
 * arguments are separated by spaces or tabs; a double quote starts or ends a quoted part;
 * backslashes are literal unless they precede a double quote, where {@code 2n} backslashes give
 * {@code n} and the quote delimits, {@code 2n+1} give {@code n} and a literal quote. So an
 * argument with a space, a tab, a double quote (or nothing at all) is wrapped in quotes, its
 * quotes become {@code \"}, and backslashes before a quote or before the closing quote are
 * doubled. The program name (argv[0]) follows simpler rules: no escapes, so it cannot contain a
 * double quote, and it is quoted when it has a space or a tab.
 *
 * <p>A batch file is run by {@code cmd.exe /d /v:off /s /c ""script" args"}, and cmd.exe has rules
 * of its own: {@code %VAR%} expands even inside quotes, a quote toggles its quoting, a line break
 * ends the command. Arguments of a batch file with {@code %}, a double quote, CR or LF are
 * therefore refused (there is no safe escape for them: the "BatBadBut" class of bugs), and those
 * with a space or one of {@code & | < > ^ ( ) , ; =} are quoted, inside which cmd.exe takes them
 * literally. Delayed expansion ({@code !VAR!}) is switched off with {@code /v:off}, AutoRun
 * commands with {@code /d}.
 *
 * <p>Thread-safety: stateless.
 */
final class CommandLine {
    /** The longest command line CreateProcess takes, in UTF-16 units, without the terminating NUL. */
    static final int MAX_LENGTH = 32766;

    private static final String BATCH_QUOTE_TRIGGERS = " \t&|<>^(),;=";

    private CommandLine() {
    }

    /**
     * @param program argv[0]
     * @param args the arguments after it
     * @throws IllegalArgumentException if the program name contains a double quote, or the line is
     *     longer than {@link #MAX_LENGTH}
     */
    static String of(String program, List<String> args) {
        StringBuilder line = new StringBuilder(program(program));
        for (String arg : args) {
            line.append(' ').append(argument(arg));
        }
        return checkLength(line.toString());
    }

    /** argv[0] as CommandLineToArgvW reads it: up to a space or tab, or between quotes, no escapes. */
    static String program(String name) {
        if (name.indexOf('"') >= 0) {
            throw new IllegalArgumentException("the program name " + name + " contains a double quote, which no "
                    + "Windows program name can carry; rename it");
        }
        return name.isEmpty() || name.indexOf(' ') >= 0 || name.indexOf('\t') >= 0 ? '"' + name + '"' : name;
    }

    /** One argument after argv[0], quoted and escaped only as far as needed. */
    static String argument(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '"')) {
            return arg;
        }
        StringBuilder b = new StringBuilder(arg.length() + 2).append('"');
        int i = 0;
        while (true) {
            int backslashes = 0;
            while (i < arg.length() && arg.charAt(i) == '\\') {
                i++;
                backslashes++;
            }
            if (i == arg.length()) {
                // Before the closing quote: each one doubled, so none escapes it.
                b.append("\\".repeat(backslashes * 2));
                break;
            }
            char c = arg.charAt(i);
            if (c == '"') {
                b.append("\\".repeat(backslashes * 2 + 1)).append('"');
            } else {
                b.append("\\".repeat(backslashes)).append(c);
            }
            i++;
        }
        return b.append('"').toString();
    }

    /**
     * The command line that runs batch file {@code script} through {@code cmd.exe}.
     *
     * @param comspec the absolute path of cmd.exe
     * @param script the absolute path of the .bat or .cmd file
     * @throws IllegalArgumentException naming an argument (by position) that cmd.exe cannot
     *     receive safely, or the line being too long
     */
    static String batch(String comspec, String script, List<String> args) {
        if (script.indexOf('%') >= 0 || script.indexOf('"') >= 0) {
            throw new IllegalArgumentException("the batch file path " + script + " contains % or \", which cmd.exe "
                    + "would expand or misparse; move or rename the file");
        }
        StringBuilder inner = new StringBuilder().append('"').append(script).append('"');
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            for (char bad : new char[] {'%', '"', '\r', '\n'}) {
                if (arg.indexOf(bad) >= 0) {
                    throw new IllegalArgumentException("argument " + (i + 1) + " of batch file " + script + " contains "
                            + describe(bad) + ", which cmd.exe cannot receive safely (it would expand or split it); "
                            + "remove it or run a program instead of a batch file");
                }
            }
            boolean quote = arg.isEmpty() || arg.chars().anyMatch(c -> BATCH_QUOTE_TRIGGERS.indexOf(c) >= 0);
            inner.append(' ').append(quote ? '"' + arg + '"' : arg);
        }
        return checkLength(program(comspec) + " /d /v:off /s /c \"" + inner + '"');
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "a carriage return";
            case '\n' -> "a line feed";
            default -> "'" + c + "'";
        };
    }

    private static String checkLength(String line) {
        if (line.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the command line is " + line.length() + " characters long; Windows takes "
                    + "at most " + MAX_LENGTH + "; pass fewer or shorter arguments (a file of arguments, if the program reads one)");
        }
        return line;
    }
}

package dev.hsu.windows.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The Microsoft C runtime's command-line parser (2008 and later; "Parsing C++ command-line
 * arguments"), written from its documented rules so that the adapter's quoting can be checked
 * against it on any OS: argv[0] up to a space or tab, or between quotes, without escapes; then
 * arguments separated by spaces and tabs, where {@code 2n} backslashes before a quote give
 * {@code n} and the quote toggles quoting, {@code 2n+1} give {@code n} and a literal quote, other
 * backslashes are literal, and inside quotes {@code ""} is a literal quote.
 */
final class ArgvParser {
    private ArgvParser() {
    }

    static List<String> parse(String line) {
        List<String> argv = new ArrayList<>();
        int i = 0;
        int n = line.length();
        // argv[0]
        StringBuilder program = new StringBuilder();
        if (i < n && line.charAt(i) == '"') {
            i++;
            while (i < n && line.charAt(i) != '"') {
                program.append(line.charAt(i++));
            }
            i++;
        } else {
            while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                program.append(line.charAt(i++));
            }
        }
        argv.add(program.toString());
        while (true) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                return argv;
            }
            StringBuilder arg = new StringBuilder();
            boolean quoted = false;
            while (i < n) {
                char c = line.charAt(i);
                if (!quoted && (c == ' ' || c == '\t')) {
                    break;
                }
                if (c == '\\') {
                    int backslashes = 0;
                    while (i < n && line.charAt(i) == '\\') {
                        backslashes++;
                        i++;
                    }
                    if (i < n && line.charAt(i) == '"') {
                        arg.append("\\".repeat(backslashes / 2));
                        if (backslashes % 2 == 1) {
                            arg.append('"');
                            i++;
                        }
                    } else {
                        arg.append("\\".repeat(backslashes));
                    }
                    continue;
                }
                if (c == '"') {
                    if (quoted && i + 1 < n && line.charAt(i + 1) == '"') {
                        arg.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = !quoted;
                    i++;
                    continue;
                }
                arg.append(c);
                i++;
            }
            argv.add(arg.toString());
        }
    }
}

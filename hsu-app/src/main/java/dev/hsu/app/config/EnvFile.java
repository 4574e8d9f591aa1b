package dev.hsu.app.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses env files in the format of Docker Compose and systemd's {@code EnvironmentFile=}.
 *
 * <ul>
 *   <li>{@code KEY=VALUE}, one per line; {@code export KEY=VALUE} alike; blank lines and lines
 *       starting with {@code #} are skipped; LF and CRLF line ends (and a UTF-8 byte order mark)
 *       are accepted.</li>
 *   <li>Unquoted values are trimmed; {@code " #"} (whitespace, then {@code #}) starts a comment,
 *       a {@code #} inside a word does not.</li>
 *   <li>{@code 'single'} quotes keep every character as written; {@code "double"} quotes
 *       understand {@code \n}, {@code \r}, {@code \t}, {@code \\}, {@code \"} and {@code \$} (any
 *       other backslash is kept). Quoted values may span lines. After the closing quote only
 *       blanks or a comment may follow.</li>
 *   <li>{@code KEY=} is the empty string. A key given twice takes the later value.</li>
 *   <li>No {@code ${...}} expansion: values are taken literally.</li>
 * </ul>
 *
 * <p>Errors name the line, never its content: env files hold secrets.
 *
 * <p>Thread-safety: stateless.
 */
final class EnvFile {
    /** Names as POSIX shells and Compose accept them, plus {@code .} and {@code -} as systemd does. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /** A malformed line; the message says what is wrong and how to write it, without the line's content. */
    static final class ParseException extends Exception {
        private final int line;
        private final String reason;

        ParseException(int line, String reason) {
            super("line " + line + ": " + reason);
            this.line = line;
            this.reason = reason;
        }

        /** 1-based. */
        int line() {
            return line;
        }

        /** What is wrong, without the line number. */
        String reason() {
            return reason;
        }
    }

    private EnvFile() {
    }

    /** @return the variables in order of first appearance, each with its last value */
    static Map<String, String> parse(String text) throws ParseException {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = t.split("\r?\n", -1);
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < lines.length) {
            int lineNo = i + 1;
            String line = stripCr(lines[i]);
            i++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (s.startsWith("export") && s.length() > 6 && Character.isWhitespace(s.charAt(6))) {
                s = s.substring(7).stripLeading();
            }
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new ParseException(lineNo, "the line has no '='; every line must be KEY=VALUE, a "
                        + "comment starting with #, or blank");
            }
            String key = s.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                throw new ParseException(lineNo, "the variable name before '=' is "
                        + (key.isEmpty() ? "empty" : "not valid") + "; names are letters, digits, '_', '.' and '-', "
                        + "not starting with a digit");
            }
            String rest = s.substring(eq + 1).stripLeading();
            if (rest.startsWith("\"") || rest.startsWith("'")) {
                char quote = rest.charAt(0);
                StringBuilder value = new StringBuilder();
                String current = rest.substring(1);
                int startLine = lineNo;
                while (true) {
                    int end = closing(current, quote);
                    if (end >= 0) {
                        value.append(current, 0, end);
                        String after = current.substring(end + 1).strip();
                        if (!after.isEmpty() && !after.startsWith("#")) {
                            throw new ParseException(i, "text after the closing quote of " + key
                                    + "; put the whole value inside the quotes");
                        }
                        break;
                    }
                    value.append(current).append('\n');
                    if (i >= lines.length) {
                        throw new ParseException(startLine, "the value of " + key
                                + " opens a " + (quote == '"' ? "double" : "single") + " quote that is never closed");
                    }
                    current = stripCr(lines[i]);
                    i++;
                }
                out.put(key, quote == '"' ? unescape(value.toString()) : value.toString());
            } else {
                out.put(key, unquotedValue(rest));
            }
        }
        return out;
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Index of the closing quote in {@code s}, or -1; in double quotes a backslash escapes the next character. */
    private static int closing(String s, char quote) {
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (quote == '"' && c == '\\') {
                j++;
            } else if (c == quote) {
                return j;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c != '\\' || j + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++j);
            switch (n) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '\\', '"', '$' -> out.append(n);
                default -> out.append('\\').append(n);
            }
        }
        return out.toString();
    }

    private static String unquotedValue(String rest) {
        for (int j = 0; j < rest.length(); j++) {
            if (rest.charAt(j) == '#' && (j == 0 || Character.isWhitespace(rest.charAt(j - 1)))) {
                return rest.substring(0, j).strip();
            }
        }
        return rest.strip();
    }
}

package dev.hsu.app.config;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ${VAR}} expansion in configuration values, as Docker Compose does it:
 * {@code ${VAR}} is the variable's value; {@code ${VAR:-default}} the default when the variable
 * is unset or empty; {@code ${VAR-default}} the default only when it is unset; the default may
 * itself hold {@code ${...}}; {@code $$} is a literal {@code $}. A {@code $} before anything else
 * (a shell's {@code $HOME}, {@code $1}) is kept as written, so that scripts in {@code args} keep
 * their own variables. A variable that is unset and has no default is an error naming it.
 *
 * <p>Thread-safety: immutable.
 *
 * @param value the expanded text
 * @param used the variables whose values went into it (defaults aside), in order
 * @param undefined the variables that were unset and had no default; non-empty means an error
 * @param malformed a description of a syntax error ({@code ${} never closed, bad name}), or null
 */
record Expansion(String value, Set<String> used, Set<String> undefined, String malformed) {

    boolean ok() {
        return undefined.isEmpty() && malformed == null;
    }

    /** The error for {@code field}, when not {@link #ok()}. */
    String problem() {
        if (malformed != null) {
            return malformed + "; write $$ for a literal $";
        }
        return (undefined.size() == 1 ? "variable " : "variables ") + String.join(", ", undefined)
                + (undefined.size() == 1 ? " is" : " are") + " not set (neither in the master's environment nor in "
                + "the unit's); set " + (undefined.size() == 1 ? "it" : "them") + ", give a default as ${"
                + undefined.iterator().next() + ":-default}, or write $$ for a literal $";
    }

    /** @param lookup a variable's value, or null if it is unset */
    static Expansion of(String text, Function<String, String> lookup) {
        Parser p = new Parser(text, lookup);
        String v = p.expand(0, false);
        return new Expansion(v, p.used, p.undefined, p.malformed);
    }

    private static final class Parser {
        final String s;
        final Function<String, String> lookup;
        final Set<String> used = new LinkedHashSet<>();
        final Set<String> undefined = new LinkedHashSet<>();
        String malformed;
        int pos;

        Parser(String s, Function<String, String> lookup) {
            this.s = s;
            this.lookup = lookup;
        }

        /** Expands from {@code start}; inside a default, stops before the closing brace. */
        String expand(int start, boolean inDefault) {
            pos = start;
            StringBuilder out = new StringBuilder();
            int depth = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (inDefault && c == '}' && depth == 0) {
                    return out.toString();
                }
                if (c == '$' && pos + 1 < s.length() && s.charAt(pos + 1) == '$') {
                    out.append('$');
                    pos += 2;
                } else if (c == '$' && pos + 1 < s.length() && s.charAt(pos + 1) == '{') {
                    out.append(variable());
                } else {
                    if (inDefault && c == '{') {
                        depth++;
                    } else if (inDefault && c == '}') {
                        depth--;
                    }
                    out.append(c);
                    pos++;
                }
            }
            if (inDefault && malformed == null) {
                malformed = "'${' at column " + (start + 1) + " is never closed with '}'";
            }
            return out.toString();
        }

        private String variable() {
            int open = pos;
            pos += 2;
            int nameStart = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String name = s.substring(nameStart, pos);
            if (pos >= s.length()) {
                malformed = malformed != null ? malformed : "'${' at column " + (open + 1) + " is never closed with '}'";
                return "";
            }
            if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
                malformed = malformed != null ? malformed : "'${' at column " + (open + 1) + " is not followed by a "
                        + "variable name (letters, digits and '_', not starting with a digit)";
                pos = s.length();
                return "";
            }
            char c = s.charAt(pos);
            String value = lookup.apply(name);
            if (c == '}') {
                pos++;
                if (value == null) {
                    undefined.add(name);
                    return "";
                }
                used.add(name);
                return value;
            }
            boolean colon = c == ':';
            if ((colon && pos + 1 < s.length() && s.charAt(pos + 1) == '-') || c == '-') {
                int defaultStart = pos + (colon ? 2 : 1);
                boolean useDefault = value == null || (colon && value.isEmpty());
                Set<String> undefinedBefore = new LinkedHashSet<>(undefined);
                Set<String> usedBefore = new LinkedHashSet<>(used);
                String fallback = expand(defaultStart, true);
                if (pos < s.length()) {
                    pos++; // the closing brace
                }
                if (!useDefault) {
                    // The default was not needed: what it refers to does not matter.
                    undefined.retainAll(undefinedBefore);
                    used.retainAll(usedBefore);
                    used.add(name);
                    return value;
                }
                return fallback;
            }
            malformed = malformed != null ? malformed : "'${" + name + "' at column " + (open + 1) + " must be "
                    + "followed by '}', ':-default}' or '-default}'";
            pos = s.length();
            return "";
        }
    }
}

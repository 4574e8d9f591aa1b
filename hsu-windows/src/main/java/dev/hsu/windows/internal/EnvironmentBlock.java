package dev.hsu.windows.internal;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment block CreateProcess takes with {@code CREATE_UNICODE_ENVIRONMENT}: UTF-16LE
 * {@code NAME=value} strings, each NUL-terminated, sorted by name without regard to case (as
 * Windows expects, and as {@code SetEnvironmentVariable} keeps it), ended by one more NUL.
 *
 * <p>Names are case-insensitive on Windows: two variables differing only in case ({@code Path}
 * and {@code PATH}) would leave the program with one of them at random, so they are refused. A
 * name may start with {@code =} (the hidden per-drive directories, {@code =C:}) but contain no
 * other {@code =}; nothing may contain NUL.
 *
 * <p>Thread-safety: stateless.
 */
final class EnvironmentBlock {
    /** Windows' order: by name, each character upper-cased, in UTF-16 code unit order. */
    static final Comparator<String> NAME_ORDER = (a, b) -> {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = Character.toUpperCase(a.charAt(i));
            char y = Character.toUpperCase(b.charAt(i));
            if (x != y) {
                return x - y;
            }
        }
        return a.length() - b.length();
    };

    private EnvironmentBlock() {
    }

    /**
     * @throws IllegalArgumentException naming the variable that cannot be passed and why
     */
    static String text(Map<String, String> environment) {
        Map<String, String> seen = new HashMap<>();
        List<String> names = new ArrayList<>(environment.keySet());
        for (String name : names) {
            String value = environment.get(name);
            if (name.isEmpty() || name.equals("=") || name.indexOf('=', 1) >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable '" + name.replace("\0", "\\0")
                        + "' cannot be passed (a name is not empty and has no '=' after its first character and no NUL)");
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("the value of environment variable " + name + " contains a NUL "
                        + "character, which cannot be passed");
            }
            String other = seen.put(name.toUpperCase(Locale.ROOT), name);
            if (other != null) {
                String first = other.compareTo(name) < 0 ? other : name;
                String second = first.equals(other) ? name : other;
                throw new IllegalArgumentException("environment variables " + first + " and " + second + " differ only "
                        + "in case, and Windows names are case-insensitive; keep one of them");
            }
        }
        names.sort(NAME_ORDER);
        StringBuilder block = new StringBuilder();
        for (String name : names) {
            block.append(name).append('=').append(environment.get(name)).append('\0');
        }
        if (names.isEmpty()) {
            block.append('\0'); // an empty block is two NULs, not one
        }
        return block.append('\0').toString();
    }

    /** {@link #text} in fresh native memory. */
    static Memory encode(Map<String, String> environment) {
        byte[] bytes = text(environment).getBytes(StandardCharsets.UTF_16LE);
        Memory m = new Memory(bytes.length);
        m.write(0, bytes, 0, bytes.length);
        return m;
    }

    /** The value of {@code name} in {@code environment}, found without regard to case; null if absent. */
    static String get(Map<String, String> environment, String name) {
        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}

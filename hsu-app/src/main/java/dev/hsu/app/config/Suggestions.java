package dev.hsu.app.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" suggestions for misspelt keys and names, by edit distance.
 *
 * <p>Spelling variants that differ only in case, {@code -} or {@code _} ({@code maxRetries},
 * {@code max-retries}) are treated as the same word, so they are always suggested.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code word}, if it is close enough to be a plausible slip: at most
     * 2 edits (a third of the word's length for long words), or one word a prefix of the other
     * ({@code TERMINATE} for {@code TERM}, {@code mem} for {@code memory}).
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String w = normalize(word);
        int allowed = Math.max(2, w.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            String n = normalize(c);
            int d = distance(w, n);
            boolean plausible = d <= allowed || isPrefix(w, n) || isPrefix(n, w);
            if (plausible && d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean isPrefix(String prefix, String of) {
        return prefix.length() >= 3 && of.startsWith(prefix);
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

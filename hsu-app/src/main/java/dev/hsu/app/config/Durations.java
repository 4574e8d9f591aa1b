package dev.hsu.app.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1m30s}.
 *
 * <p>Units: {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}, in any case; one or more
 * {@code <number><unit>} parts are added up ({@code 1h30m}, {@code 1m 30s}); a part may have a
 * fraction ({@code 1.5s}). A number without unit is seconds (YAML numbers {@code 30} or
 * {@code 0.5} too). Precision is nanoseconds; negative durations are rejected.
 *
 * <p>Thread-safe (stateless).
 */
public final class Durations {

    /** The accepted forms, for error messages. */
    public static final String ACCEPTED_FORMS =
            "a number of seconds (30, 0.5) or amounts with units ms, s, m, h, d: 500ms, 30s, 5m, 1h, 1m30s";

    private static final Pattern NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");
    private static final Pattern PART = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]+)");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final Map<String, BigDecimal> NANOS = Map.of(
            "ms", BigDecimal.valueOf(1_000_000L),
            "s", NANOS_PER_SECOND,
            "m", BigDecimal.valueOf(60_000_000_000L),
            "h", BigDecimal.valueOf(3_600_000_000_000L),
            "d", BigDecimal.valueOf(86_400_000_000_000L));

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the accepted forms if {@code text} is not a
     *     duration or is negative
     */
    public static Duration parse(String text) {
        String t = text.trim();
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("must not be negative (got " + text + ")");
        }
        if (NUMBER.matcher(t).matches()) {
            return ofSeconds(new BigDecimal(t), text);
        }
        Matcher m = PART.matcher(t);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (end < t.length() && m.find(end) && m.start() == end) {
            BigDecimal perUnit = NANOS.get(m.group(2).toLowerCase(Locale.ROOT));
            if (perUnit == null) {
                throw notADuration(text);
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(perUnit));
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw notADuration(text);
        }
        return ofNanos(nanos, text);
    }

    /** A number of seconds, as a YAML number gives it. */
    public static Duration ofSeconds(BigDecimal seconds, String text) {
        if (seconds.signum() < 0) {
            throw new IllegalArgumentException("must not be negative (got " + text + ")");
        }
        return ofNanos(seconds.multiply(NANOS_PER_SECOND), text);
    }

    private static Duration ofNanos(BigDecimal nanos, String text) {
        try {
            BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
            return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValue());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration; use " + ACCEPTED_FORMS);
    }

    /** A short human form: {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() < 1000 && d.toNanos() % 1_000_000 == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || d.toMillisPart() > 0) {
            sb.append(d.toSecondsPart());
            if (d.toMillisPart() > 0) {
                sb.append('.').append(String.format(Locale.ROOT, "%03d", d.toMillisPart()).replaceAll("0+$", ""));
            }
            sb.append('s');
        }
        return sb.toString();
    }
}

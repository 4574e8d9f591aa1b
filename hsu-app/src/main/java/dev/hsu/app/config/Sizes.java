package dev.hsu.app.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte sizes such as {@code 512MiB}, {@code 1GB}, {@code 64k} or {@code 1048576}.
 *
 * <p>The rule, chosen to match what people mean most often:
 * <ul>
 *   <li>a plain integer is a number of bytes;</li>
 *   <li>IEC units are binary: {@code KiB MiB GiB TiB} (also {@code Ki Mi Gi Ti});</li>
 *   <li>single letters are binary, as for {@code java -Xmx}, Docker and systemd:
 *       {@code k m g t} (either case) are 1024, 1024², 1024³, 1024⁴;</li>
 *   <li>SI units are decimal: {@code KB MB GB TB} (either case) are 1000, 1000², ...;</li>
 *   <li>{@code B} is bytes; a space between number and unit is allowed; a fraction is allowed
 *       when the result is a whole number of bytes ({@code 1.5GiB}, {@code 0.5k}).</li>
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class Sizes {

    /** The accepted forms, for error messages. */
    public static final String ACCEPTED_FORMS = "a byte count (1048576) or a number with a unit: "
            + "64k, 512MiB, 2GiB (k m g t, KiB MiB GiB TiB = powers of 1024), 1GB (KB MB GB TB = powers of 1000)";

    private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)");
    private static final BigInteger K = BigInteger.valueOf(1024);
    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);
    private static final Map<String, BigInteger> UNITS = Map.ofEntries(
            Map.entry("", BigInteger.ONE), Map.entry("b", BigInteger.ONE),
            Map.entry("k", K), Map.entry("ki", K), Map.entry("kib", K),
            Map.entry("m", K.pow(2)), Map.entry("mi", K.pow(2)), Map.entry("mib", K.pow(2)),
            Map.entry("g", K.pow(3)), Map.entry("gi", K.pow(3)), Map.entry("gib", K.pow(3)),
            Map.entry("t", K.pow(4)), Map.entry("ti", K.pow(4)), Map.entry("tib", K.pow(4)),
            Map.entry("kb", THOUSAND), Map.entry("mb", THOUSAND.pow(2)),
            Map.entry("gb", THOUSAND.pow(3)), Map.entry("tb", THOUSAND.pow(4)));

    private Sizes() {
    }

    /**
     * Parses {@code text} to a number of bytes.
     *
     * @throws IllegalArgumentException naming the accepted forms, if {@code text} is not a size,
     *     is negative, is not a whole number of bytes or exceeds {@link Long#MAX_VALUE}
     */
    public static long parse(String text) {
        String t = text.trim();
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("must not be negative (got " + text + ")");
        }
        Matcher m = FORM.matcher(t);
        BigInteger multiplier = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (multiplier == null) {
            throw new IllegalArgumentException("'" + text + "' is not a size; use " + ACCEPTED_FORMS);
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(new BigDecimal(multiplier)).stripTrailingZeros();
        if (bytes.scale() > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes");
        }
        BigInteger whole = bytes.toBigInteger();
        if (whole.bitLength() > 63) {
            throw new IllegalArgumentException("'" + text + "' is too large (at most " + Long.MAX_VALUE + " bytes)");
        }
        return whole.longValue();
    }

    /** A short human form: {@code 512MiB}, {@code 1.5GiB}, {@code 1000 bytes}. */
    public static String format(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String n = v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
        return n + units[u];
    }
}

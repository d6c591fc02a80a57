package io.github.cdcbundle.converters.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ISO-8601 durations for Debezium's MicroDuration (microseconds) and Interval (ISO text) types. */
public final class Durations {
    /** Debezium's MicroDuration folds months into days with this average (365.25 / 12). */
    public static final BigDecimal DAYS_PER_MONTH = new BigDecimal("30.4375");
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
    private static final BigDecimal MICROS_PER_DAY_DECIMAL = BigDecimal.valueOf(MICROS_PER_DAY);

    /** What Debezium's interval.handling.mode=string writes: each component may carry its own sign. */
    private static final Pattern ISO = Pattern.compile("(-)?P(?:(-?\\d+)Y)?(?:(-?\\d+)M)?(?:(-?\\d+)W)?(?:(-?\\d+)D)?"
            + "(?:T(?:(-?\\d+)H)?(?:(-?\\d+)M)?(?:(-?\\d+(?:[.,]\\d+)?)S)?)?");

    private Durations() {
    }

    /**
     * Microseconds as P[nD]T[nH][nM][n.fS]; whole days are split off (a day being 24 hours, as the microsecond count
     * already assumes), the fraction keeps every significant digit, zero is PT0S and a negative duration starts
     * with '-'.
     */
    public static String iso(long micros) {
        StringBuilder sb = new StringBuilder(24);
        if (micros < 0) {
            sb.append('-');
        }
        // Long.MIN_VALUE has no positive counterpart; go through unsigned arithmetic on its magnitude.
        long magnitude = micros == Long.MIN_VALUE ? Long.MIN_VALUE : Math.abs(micros);
        long days = Long.divideUnsigned(magnitude, MICROS_PER_DAY);
        long rest = Long.remainderUnsigned(magnitude, MICROS_PER_DAY);
        long hours = rest / (3600L * MICROS_PER_SECOND);
        long minutes = rest / (60L * MICROS_PER_SECOND) % 60;
        long seconds = rest / MICROS_PER_SECOND % 60;
        int fraction = (int) (rest % MICROS_PER_SECOND);
        sb.append('P');
        if (days != 0) {
            sb.append(days).append('D');
        }
        if (rest != 0 || days == 0) {
            sb.append('T');
            if (hours != 0) {
                sb.append(hours).append('H');
            }
            if (minutes != 0) {
                sb.append(minutes).append('M');
            }
            if (seconds != 0 || fraction != 0 || rest == 0) {
                sb.append(seconds);
                Temporals.appendFraction(sb, fraction * 1000);
                sb.append('S');
            }
        }
        return sb.toString();
    }

    /** An ISO-8601 duration in microseconds, months counted as Debezium's MicroDuration counts them. */
    public static long isoToMicros(String text) {
        Matcher m = ISO.matcher(text);
        if (!m.matches() || text.equals("P") || text.endsWith("T") || text.equals("-P")) {
            throw new IllegalArgumentException("not an ISO-8601 duration");
        }
        BigDecimal days = BigDecimal.valueOf(part(m, 2) * 12 + part(m, 3)).multiply(DAYS_PER_MONTH)
                .add(BigDecimal.valueOf(part(m, 4) * 7 + part(m, 5)));
        BigDecimal micros = days.multiply(MICROS_PER_DAY_DECIMAL)
                .add(BigDecimal.valueOf(part(m, 6) * 3600L * MICROS_PER_SECOND))
                .add(BigDecimal.valueOf(part(m, 7) * 60L * MICROS_PER_SECOND));
        if (m.group(8) != null) {
            micros = micros.add(new BigDecimal(m.group(8).replace(',', '.')).movePointRight(6));
        }
        if (m.group(1) != null) {
            micros = micros.negate();
        }
        return micros.setScale(0, RoundingMode.DOWN).longValueExact();
    }

    private static long part(Matcher m, int group) {
        String text = m.group(group);
        return text == null ? 0 : Long.parseLong(text);
    }
}

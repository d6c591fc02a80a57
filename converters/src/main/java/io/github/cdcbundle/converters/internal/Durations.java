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
    private static final BigDecimal NANOSECOND = new BigDecimal("0.000000001");

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

    /**
     * An ISO-8601 duration as Debezium's interval.handling.mode=string writes it (every component, each with its own
     * sign: P1Y2M3DT4H5M6.78S, P0Y0M0DT0H0M-0.5S) in the form PostgreSQL writes with IntervalStyle=iso_8601, the
     * form to_jsonb() uses there: months split into years and months, the time part into hours, minutes and seconds,
     * zero components left out, PT0S for zero. Components are only regrouped the way PostgreSQL stores an interval
     * (months, days, time), so no month is ever turned into days. Debezium takes the seconds from a double and cuts
     * its decimal text after nine digits, which on Java 17 leaves about one value in a hundred a nanosecond short
     * (59.019482 arrives as 59.019481999); PostgreSQL keeps microseconds, so a fraction within a nanosecond of a
     * whole microsecond is rounded to it, and any other fraction is kept as written. Text of another shape is
     * returned unchanged.
     */
    public static String postgresIso(String text) {
        Matcher m = ISO.matcher(text);
        if (!m.matches() || text.equals("P") || text.endsWith("T") || text.equals("-P")) {
            return text;
        }
        try {
            return postgresIso(m);
        } catch (ArithmeticException | NumberFormatException e) {
            return text;  // components beyond what any interval holds: not ours to regroup
        }
    }

    private static String postgresIso(Matcher m) {
        boolean negate = m.group(1) != null;
        long months = Math.addExact(Math.multiplyExact(part(m, 2), 12), part(m, 3));
        long days = Math.addExact(Math.multiplyExact(part(m, 4), 7), part(m, 5));
        BigDecimal seconds = m.group(8) == null ? BigDecimal.ZERO : microsecondsIfWithinANanosecond(
                new BigDecimal(m.group(8).replace(',', '.')));
        BigDecimal time = BigDecimal.valueOf(part(m, 6)).multiply(BigDecimal.valueOf(3600))
                .add(BigDecimal.valueOf(part(m, 7)).multiply(BigDecimal.valueOf(60))).add(seconds);
        if (negate) {
            months = -months;
            days = -days;
            time = time.negate();
        }
        if (months == 0 && days == 0 && time.signum() == 0) {
            return "PT0S";
        }
        StringBuilder sb = new StringBuilder(32).append('P');
        component(sb, months / 12, 'Y');
        component(sb, months % 12, 'M');
        component(sb, days, 'D');
        if (time.signum() != 0) {
            sb.append('T');
            String sign = time.signum() < 0 ? "-" : "";
            BigDecimal[] hours = time.abs().divideAndRemainder(BigDecimal.valueOf(3600));
            BigDecimal[] minutes = hours[1].divideAndRemainder(BigDecimal.valueOf(60));
            if (hours[0].signum() != 0) {
                sb.append(sign).append(hours[0].toBigInteger()).append('H');
            }
            if (minutes[0].signum() != 0) {
                sb.append(sign).append(minutes[0].toBigInteger()).append('M');
            }
            if (minutes[1].signum() != 0) {
                sb.append(sign).append(minutes[1].stripTrailingZeros().toPlainString()).append('S');
            }
        }
        return sb.toString();
    }

    private static BigDecimal microsecondsIfWithinANanosecond(BigDecimal seconds) {
        if (seconds.scale() <= 6) {
            return seconds;
        }
        BigDecimal micros = seconds.setScale(6, RoundingMode.HALF_UP);
        return micros.subtract(seconds).abs().compareTo(NANOSECOND) <= 0 ? micros : seconds;
    }

    private static void component(StringBuilder sb, long value, char unit) {
        if (value != 0) {
            sb.append(value).append(unit);
        }
    }

    private static long part(Matcher m, int group) {
        String text = m.group(group);
        return text == null ? 0 : Long.parseLong(text);
    }
}

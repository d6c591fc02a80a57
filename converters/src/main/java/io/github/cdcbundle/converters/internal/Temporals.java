package io.github.cdcbundle.converters.internal;

import java.time.LocalDate;

/**
 * ISO-8601 text for dates, times and timestamps, in the form PostgreSQL's to_jsonb writes them: {@code 2024-01-31},
 * {@code 12:34:56.789}, {@code 2024-01-31T12:34:56.789012}. Fractional seconds keep every significant digit of the
 * source and drop trailing zeros (as PostgreSQL does), so no precision is lost or invented.
 */
public final class Temporals {
    public static final long NANOS_PER_SECOND = 1_000_000_000L;
    public static final long SECONDS_PER_DAY = 86_400L;
    public static final long NANOS_PER_DAY = SECONDS_PER_DAY * NANOS_PER_SECOND;
    public static final long MILLIS_PER_DAY = SECONDS_PER_DAY * 1000L;

    private Temporals() {
    }

    /** Days since 1970-01-01 as yyyy-MM-dd (years beyond 9999 get a '+', years before 1 a '-'). */
    public static String date(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).toString();
    }

    /**
     * Nanoseconds since midnight as HH:mm:ss[.fraction]. A whole day is written 24:00:00, which PostgreSQL's time type
     * allows and Debezium passes through as 86,400 s.
     */
    public static String time(long nanoOfDay) {
        if (nanoOfDay < 0 || nanoOfDay > NANOS_PER_DAY) {
            throw new IllegalArgumentException("time of day out of range");
        }
        StringBuilder sb = new StringBuilder(18);
        appendTime(sb, nanoOfDay);
        return sb.toString();
    }

    /** Seconds and nanoseconds since the epoch as a wall-clock yyyy-MM-ddTHH:mm:ss[.fraction], no offset. */
    public static String timestamp(long epochSecond, long nanoOfSecond) {
        long epochDay = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        long secondOfDay = Math.floorMod(epochSecond, SECONDS_PER_DAY);
        StringBuilder sb = new StringBuilder(32);
        sb.append(LocalDate.ofEpochDay(epochDay)).append('T');
        appendTime(sb, secondOfDay * NANOS_PER_SECOND + nanoOfSecond);
        return sb.toString();
    }

    public static String timestampFromMillis(long millis) {
        return timestamp(Math.floorDiv(millis, 1000L), Math.floorMod(millis, 1000L) * 1_000_000L);
    }

    public static String timestampFromMicros(long micros) {
        return timestamp(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    public static String timestampFromNanos(long nanos) {
        return timestamp(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    private static void appendTime(StringBuilder sb, long nanoOfDay) {
        long seconds = nanoOfDay / NANOS_PER_SECOND;
        int nanos = (int) (nanoOfDay % NANOS_PER_SECOND);
        appendTwo(sb, (int) (seconds / 3600)).append(':');
        appendTwo(sb, (int) (seconds / 60 % 60)).append(':');
        appendTwo(sb, (int) (seconds % 60));
        appendFraction(sb, nanos);
    }

    /** Appends .ddddddddd without trailing zeros, or nothing for a whole second. */
    static void appendFraction(StringBuilder sb, int nanos) {
        if (nanos == 0) {
            return;
        }
        int digits = 9;
        while (nanos % 10 == 0) {
            nanos /= 10;
            digits--;
        }
        sb.append('.');
        String text = Integer.toString(nanos);
        for (int i = text.length(); i < digits; i++) {
            sb.append('0');
        }
        sb.append(text);
    }

    private static StringBuilder appendTwo(StringBuilder sb, int value) {
        if (value < 10) {
            sb.append('0');
        }
        return sb.append(value);
    }
}

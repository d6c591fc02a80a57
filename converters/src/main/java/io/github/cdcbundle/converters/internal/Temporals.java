package io.github.cdcbundle.converters.internal;

import java.time.LocalDate;

/**
 * ISO-8601 text for dates, times and timestamps, in the form PostgreSQL's to_jsonb writes them: {@code 2024-01-31},
 * {@code 12:34:56.789}, {@code 2024-01-31T12:34:56.789012}. Fractional seconds keep every significant digit of the
 * source and drop trailing zeros (as PostgreSQL does), so no precision is lost or invented.
 *
 * <p>Written digit by digit into a caller's char array: this runs for every temporal column of every record, and
 * going through LocalDate.toString and a StringBuilder costs more than the rest of the column's rendering.
 */
public final class Temporals {
    public static final long NANOS_PER_SECOND = 1_000_000_000L;
    public static final long SECONDS_PER_DAY = 86_400L;
    public static final long NANOS_PER_DAY = SECONDS_PER_DAY * NANOS_PER_SECOND;
    public static final long MILLIS_PER_DAY = SECONDS_PER_DAY * 1000L;
    /** Enough for the longest text: a +999999999 year, 'T', and a time with nine fractional digits. */
    public static final int MAX_LENGTH = 40;

    private Temporals() {
    }

    /** Days since 1970-01-01 as yyyy-MM-dd (years beyond 9999 get a '+', years before 0 a '-'); returns the end. */
    public static int date(long epochDay, char[] buf, int pos) {
        // Days to civil date in the proleptic Gregorian calendar (H. Hinnant's algorithm), for years 0 to 9999.
        long z = epochDay + 719_468L;
        if (z < 0 || z >= 146_097L * 25) {
            String text = LocalDate.ofEpochDay(epochDay).toString();
            text.getChars(0, text.length(), buf, pos);
            return pos + text.length();
        }
        long era = z / 146_097L;
        long doe = z - era * 146_097L;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        if (year > 9999) {
            String text = LocalDate.ofEpochDay(epochDay).toString();
            text.getChars(0, text.length(), buf, pos);
            return pos + text.length();
        }
        buf[pos] = digit(year / 1000);
        buf[pos + 1] = digit(year / 100 % 10);
        buf[pos + 2] = digit(year / 10 % 10);
        buf[pos + 3] = digit(year % 10);
        buf[pos + 4] = '-';
        two(buf, pos + 5, month);
        buf[pos + 7] = '-';
        two(buf, pos + 8, day);
        return pos + 10;
    }

    /**
     * Nanoseconds since midnight as HH:mm:ss[.fraction]; returns the end. A whole day is written 24:00:00, which
     * PostgreSQL's time type allows and Debezium passes through as 86,400 s.
     */
    public static int time(long nanoOfDay, char[] buf, int pos) {
        if (nanoOfDay < 0 || nanoOfDay > NANOS_PER_DAY) {
            throw new IllegalArgumentException("time of day out of range");
        }
        int seconds = (int) (nanoOfDay / NANOS_PER_SECOND);
        two(buf, pos, seconds / 3600);
        buf[pos + 2] = ':';
        two(buf, pos + 3, seconds / 60 % 60);
        buf[pos + 5] = ':';
        two(buf, pos + 6, seconds % 60);
        return fraction((int) (nanoOfDay % NANOS_PER_SECOND), buf, pos + 8);
    }

    /** Seconds and nanoseconds since the epoch as a wall-clock yyyy-MM-ddTHH:mm:ss[.fraction], no offset. */
    public static int timestamp(long epochSecond, long nanoOfSecond, char[] buf, int pos) {
        int end = date(Math.floorDiv(epochSecond, SECONDS_PER_DAY), buf, pos);
        buf[end] = 'T';
        return time(Math.floorMod(epochSecond, SECONDS_PER_DAY) * NANOS_PER_SECOND + nanoOfSecond, buf, end + 1);
    }

    public static int timestampFromMillis(long millis, char[] buf) {
        return timestamp(Math.floorDiv(millis, 1000L), Math.floorMod(millis, 1000L) * 1_000_000L, buf, 0);
    }

    public static int timestampFromMicros(long micros, char[] buf) {
        return timestamp(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L, buf, 0);
    }

    public static int timestampFromNanos(long nanos, char[] buf) {
        return timestamp(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND), buf, 0);
    }

    public static String timestampFromMillis(long millis) {
        char[] buf = new char[MAX_LENGTH];
        return new String(buf, 0, timestampFromMillis(millis, buf));
    }

    /** Writes .ddddddddd without trailing zeros, or nothing for a whole second; returns the end. */
    static int fraction(int nanos, char[] buf, int pos) {
        if (nanos == 0) {
            return pos;
        }
        buf[pos++] = '.';
        int divisor = 100_000_000;
        while (nanos != 0) {
            int d = nanos / divisor;
            buf[pos++] = digit(d);
            nanos -= d * divisor;
            divisor /= 10;
        }
        return pos;
    }

    /** Appends .ddddddddd without trailing zeros, or nothing for a whole second. */
    static void appendFraction(StringBuilder sb, int nanos) {
        char[] buf = new char[10];
        sb.append(buf, 0, fraction(nanos, buf, 0));
    }

    private static void two(char[] buf, int pos, int value) {
        buf[pos] = digit(value / 10);
        buf[pos + 1] = digit(value % 10);
    }

    private static char digit(int value) {
        return (char) ('0' + value);
    }
}

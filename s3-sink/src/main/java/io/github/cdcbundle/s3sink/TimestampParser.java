package io.github.cdcbundle.s3sink;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;

/** Turns a timestamp field's value (number, Connect Timestamp/Date, ISO-8601 string) into epoch milliseconds. */
final class TimestampParser {
    /** At or above this magnitude, {@code auto} reads a number as microseconds (10^14 ms is the year 5138). */
    static final long MICROS_THRESHOLD = 100_000_000_000_000L;
    /** At or above this magnitude, {@code auto} reads a number as nanoseconds (10^17 µs is the year 5138). */
    static final long NANOS_THRESHOLD = 100_000_000_000_000_000L;

    private final TimestampUnit unit;
    private final ZoneId zone;

    TimestampParser(TimestampUnit unit, ZoneId zone) {
        this.unit = unit;
        this.zone = zone;
    }

    /** Epoch milliseconds, or throws IllegalArgumentException naming the type (never the value). */
    long toEpochMillis(Object value) {
        if (value instanceof Number) {
            return fromNumber(((Number) value).longValue());
        }
        if (value instanceof Date) {
            return ((Date) value).getTime();
        }
        if (value instanceof CharSequence) {
            return fromString(value.toString().trim());
        }
        throw new IllegalArgumentException("unsupported timestamp type "
            + (value == null ? "null" : value.getClass().getName()));
    }

    private long fromNumber(long v) {
        switch (unit) {
            case SECONDS:
                return Math.multiplyExact(v, 1000L);
            case MILLISECONDS:
                return v;
            case MICROSECONDS:
                return Math.floorDiv(v, 1000L);
            case NANOSECONDS:
                return Math.floorDiv(v, 1_000_000L);
            default:
                long magnitude = v == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(v);
                if (magnitude < MICROS_THRESHOLD) {
                    return v;
                }
                return magnitude < NANOS_THRESHOLD ? Math.floorDiv(v, 1000L) : Math.floorDiv(v, 1_000_000L);
        }
    }

    private long fromString(String s) {
        if (!s.isEmpty() && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-') && s.chars().skip(1)
            .allMatch(Character::isDigit)) {
            return fromNumber(Long.parseLong(s));
        }
        try {
            // Offset or zone present (Debezium ZonedTimestamp, Instant.toString()).
            return ZonedDateTime.parse(s, DateTimeFormatter.ISO_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the local forms below
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the local forms below
        }
        try {
            return LocalDateTime.parse(s).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try a date
        }
        try {
            return LocalDate.parse(s).atStartOfDay(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a string timestamp must be ISO-8601 (e.g. 2024-05-01T10:15:30Z)");
        }
    }

    static Instant instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis);
    }
}

package io.github.cdcbundle.s3sink;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The time partitioner's folder pattern, written the way users know it from Confluent's sink (Joda-Time letters)
 * and translated once to a {@link DateTimeFormatter}. The one trap is {@code YYYY}: Joda's year of era but
 * java.time's week-based year, which is wrong for the last days of December; it is translated to {@code uuuu}.
 */
public final class PathFormat {
    private final String pattern;
    private final String javaPattern;

    private PathFormat(String pattern, String javaPattern) {
        this.pattern = pattern;
        this.javaPattern = javaPattern;
    }

    public static PathFormat parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("a pattern is required, e.g. 'year'=YYYY/'month'=MM/'day'=dd");
        }
        String javaPattern = translate(pattern);
        DateTimeFormatter formatter;
        try {
            formatter = DateTimeFormatter.ofPattern(javaPattern, Locale.ROOT);
            // Formatting a sample catches letters java.time accepts but cannot fill from a date-time.
            formatter.format(ZonedDateTime.of(2024, 2, 29, 13, 45, 30, 0, ZoneOffset.UTC));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a date-time pattern: " + e.getMessage());
        }
        if (pattern.startsWith("/") || pattern.endsWith("/")) {
            throw new IllegalArgumentException("no leading or trailing '/'");
        }
        return new PathFormat(pattern, javaPattern);
    }

    private static String translate(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length() + 8);
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                out.append(c);
            } else if (!quoted && c == 'Y') {
                out.append('u');
            } else if (!quoted && c == 'y') {
                out.append('u');
            } else {
                out.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        return out.toString();
    }

    /** A formatter for one locale; build it once per task, not per record. */
    public DateTimeFormatter formatter(Locale locale) {
        return DateTimeFormatter.ofPattern(javaPattern, locale);
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }
}

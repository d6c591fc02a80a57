package io.github.cdcbundle.debezium;

import java.util.function.UnaryOperator;

/**
 * What an array element of a type Debezium gives no usable schema becomes, from PostgreSQL's text of it: that text
 * itself (as {@code to_jsonb()} writes enums, {@code timetz}, {@code money}, {@code xml}, {@code name}, {@code varbit},
 * {@code point}, {@code citext} and every other type without a JSON form of its own), except {@code interval}, whose
 * text depends on the session's {@code IntervalStyle}: as PostgreSQL writes it with {@code IntervalStyle=iso_8601}, as
 * the plain interval column arrives.
 */
final class TextElements {
    private TextElements() {
    }

    /** The element's rendering for an array type (lower case, as {@code _interval}); chosen once per column. */
    static UnaryOperator<String> forType(String arrayType) {
        return switch (arrayType) {
            case "_interval" -> TextElements::isoInterval;
            default -> UnaryOperator.identity();
        };
    }

    /** {@code box} is the only built-in type whose array elements are separated by {@code ;}. */
    static char delimiter(String arrayType) {
        return arrayType.equals("_box") ? ';' : ',';
    }

    /**
     * An interval in PostgreSQL's default {@code IntervalStyle=postgres} text ({@code -1 years -2 mons +3 days
     * -04:05:06.5}) as PostgreSQL writes it with {@code IntervalStyle=iso_8601} ({@code P-1Y-2M3DT-4H-5M-6.5S});
     * iso_8601 text is kept. Exact: years, months and days as written, the time as written (no double, no hour limit).
     */
    static String isoInterval(String text) {
        if (text.startsWith("P")) {
            return text;
        }
        long months = 0;
        long days = 0;
        String time = null;
        String[] tokens = text.split(" ");
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.indexOf(':') >= 0 && time == null) {
                time = token;
                continue;
            }
            if (i + 1 >= tokens.length) {
                throw notPostgresStyle();
            }
            long amount;
            try {
                amount = Long.parseLong(token);
            } catch (NumberFormatException e) {
                throw notPostgresStyle();
            }
            switch (tokens[++i]) {
                case "year", "years" -> months = Math.addExact(months, Math.multiplyExact(amount, 12L));
                case "mon", "mons" -> months = Math.addExact(months, amount);
                case "day", "days" -> days = amount;
                default -> throw notPostgresStyle();
            }
        }
        StringBuilder iso = new StringBuilder("P");
        part(iso, months / 12, 'Y');
        part(iso, months % 12, 'M');
        part(iso, days, 'D');
        if (time != null) {
            appendTime(iso, time);
        }
        return iso.length() == 1 ? "PT0S" : iso.toString();
    }

    /** {@code [+-]H:MM:SS[.ffffff]}, one sign for all three, as {@code T-4H-5M-6.5S} without the zero parts. */
    private static void appendTime(StringBuilder iso, String time) {
        boolean negative = time.startsWith("-");
        String[] hms = (time.startsWith("-") || time.startsWith("+") ? time.substring(1) : time).split(":");
        if (hms.length != 3) {
            throw notPostgresStyle();
        }
        String sign = negative ? "-" : "";
        long hours;
        long minutes;
        String seconds;
        try {
            hours = Long.parseLong(hms[0]);
            minutes = Long.parseLong(hms[1]);
            int dot = hms[2].indexOf('.');
            long whole = Long.parseLong(dot < 0 ? hms[2] : hms[2].substring(0, dot));
            String fraction = dot < 0 ? "" : stripTrailingZeros(hms[2].substring(dot + 1));
            for (int i = 0; i < fraction.length(); i++) {
                if (fraction.charAt(i) < '0' || fraction.charAt(i) > '9') {
                    throw notPostgresStyle();
                }
            }
            seconds = whole == 0 && fraction.isEmpty() ? null : whole + (fraction.isEmpty() ? "" : "." + fraction);
        } catch (NumberFormatException e) {
            throw notPostgresStyle();
        }
        if (hours == 0 && minutes == 0 && seconds == null) {
            return;
        }
        iso.append('T');
        if (hours != 0) {
            iso.append(sign).append(hours).append('H');
        }
        if (minutes != 0) {
            iso.append(sign).append(minutes).append('M');
        }
        if (seconds != null) {
            iso.append(sign).append(seconds).append('S');
        }
    }

    private static void part(StringBuilder iso, long value, char unit) {
        if (value != 0) {
            iso.append(value).append(unit);
        }
    }

    private static String stripTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }

    private static IllegalArgumentException notPostgresStyle() {
        return new IllegalArgumentException("an interval not in IntervalStyle postgres or iso_8601 (the converter "
                + "reads only these; set the database's IntervalStyle to one of them)");
    }
}

package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Decimals in plain notation, as PostgreSQL writes numeric: {@code 1234.50}, {@code -0.001}, {@code 120}. Every
 * numeric column of every row comes through here, and {@code toPlainString} builds three strings and a builder per
 * value; a value whose digits fit in a long (precision up to 18 and a scale from 0 to 18, nearly every money and
 * quantity column) is instead written digit by digit into a per-thread buffer. Anything else takes
 * {@code toPlainString}, so the text is the same either way (DecimalsTest compares them).
 */
final class Decimals {
    private static final int FAST_MAX_DIGITS = 18;
    /** Sign, 18 digits, a point and a leading zero, with room to spare. */
    private static final int MAX_LENGTH = 24;
    private static final ThreadLocal<char[]> SCRATCH = ThreadLocal.withInitial(() -> new char[MAX_LENGTH]);

    private Decimals() {
    }

    static void write(JsonGenerator out, BigDecimal value, boolean asString) throws IOException {
        int scale = value.scale();
        if (scale >= 0 && scale <= FAST_MAX_DIGITS && value.precision() <= FAST_MAX_DIGITS) {
            char[] buf = SCRATCH.get();
            int start = format(value.unscaledValue().longValue(), scale, buf);
            if (asString) {
                out.writeString(buf, start, MAX_LENGTH - start);
            } else {
                out.writeNumber(buf, start, MAX_LENGTH - start);
            }
            return;
        }
        String text = plain(value);
        if (asString) {
            out.writeString(text);
        } else {
            out.writeNumber(text);
        }
    }

    /** Plain notation; scientific only where plain would be absurdly long. */
    static String plain(BigDecimal value) {
        return value.scale() >= -1000 ? value.toPlainString() : value.toString();
    }

    /**
     * {@code unscaled × 10^-scale} as toPlainString writes it, right-aligned in {@code buf[0..MAX_LENGTH)}; returns
     * where it starts. {@code |unscaled|} is below 10^18 and {@code scale} from 0 to 18.
     */
    private static int format(long unscaled, int scale, char[] buf) {
        boolean negative = unscaled < 0;
        long rest = negative ? -unscaled : unscaled;
        // Digits from the right: the fraction (zero-padded to the scale), then the integer part (at least "0").
        int pos = MAX_LENGTH;
        for (int i = 0; i < scale; i++) {
            buf[--pos] = (char) ('0' + (int) (rest % 10));
            rest /= 10;
        }
        if (scale > 0) {
            buf[--pos] = '.';
        }
        do {
            buf[--pos] = (char) ('0' + (int) (rest % 10));
            rest /= 10;
        } while (rest != 0);
        if (negative) {
            buf[--pos] = '-';
        }
        return pos;
    }
}

package io.github.cdcbundle.converters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The digit-by-digit path writes exactly what toPlainString writes, and the limits send the rest there. */
class DecimalsTest {
    private static final long BELOW_10_18 = 999_999_999_999_999_999L;

    @Property(tries = 3000)
    void fastPathMatchesToPlainString(@ForAll @LongRange(min = -BELOW_10_18, max = BELOW_10_18) long unscaled,
            @ForAll @IntRange(min = 0, max = 18) int scale) throws IOException {
        BigDecimal value = BigDecimal.valueOf(unscaled, scale);
        assertThat(written(value, false)).isEqualTo(value.toPlainString());
        assertThat(written(value, true)).isEqualTo('"' + value.toPlainString() + '"');
    }

    @Test
    void edgesOfTheFastPath() throws IOException {
        for (long unscaled : new long[] {0, 1, -1, 9, 10, -10, 100, BELOW_10_18, -BELOW_10_18,
                BELOW_10_18 + 1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            for (int scale : new int[] {-3, -1, 0, 1, 2, 17, 18, 19, 40}) {
                BigDecimal value = BigDecimal.valueOf(unscaled, scale);
                String expected = scale >= -1000 ? value.toPlainString() : value.toString();
                assertThat(written(value, false)).as("%d scale %d", unscaled, scale).isEqualTo(expected);
            }
        }
        BigDecimal huge = new BigDecimal(new BigInteger("123456789012345678901234567890"), 5);
        assertThat(written(huge, false)).isEqualTo("1234567890123456789012345.67890");
        assertThat(written(new BigDecimal("1234.50"), false)).isEqualTo("1234.50");
        assertThat(written(new BigDecimal("-0.001"), false)).isEqualTo("-0.001");
        assertThat(written(new BigDecimal("0.00"), false)).isEqualTo("0.00");
    }

    private static String written(BigDecimal value, boolean asString) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            Decimals.write(generator, value, asString);
        }
        return out.toString();
    }
}

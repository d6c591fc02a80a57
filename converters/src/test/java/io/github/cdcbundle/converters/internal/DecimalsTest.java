package io.github.cdcbundle.converters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The digit-by-digit path writes exactly what toPlainString writes, and the limits send the rest there. */
class DecimalsTest {
    /** As JsonRendering builds its factory. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
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
                assertThat(written(value, false)).as("%d scale %d", unscaled, scale).isEqualTo(value.toPlainString());
            }
        }
        // Plain notation would be over a thousand zeros: scientific, as before.
        assertThat(written(BigDecimal.valueOf(12, -1001), false)).isEqualTo("1.2E+1002");
        BigDecimal huge = new BigDecimal(new BigInteger("123456789012345678901234567890"), 5);
        assertThat(written(huge, false)).isEqualTo("1234567890123456789012345.67890");
        assertThat(written(new BigDecimal("1234.50"), false)).isEqualTo("1234.50");
        assertThat(written(new BigDecimal("-0.001"), false)).isEqualTo("-0.001");
        assertThat(written(new BigDecimal("0.00"), false)).isEqualTo("0.00");
    }

    /** Through a UTF-8 generator on a stream, as JsonRendering writes. */
    private static String written(BigDecimal value, boolean asString) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            Decimals.write(generator, value, asString);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

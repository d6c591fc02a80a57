package io.github.cdcbundle.converters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * On plain (non-logical) types our JSON is Kafka's JsonConverter's (schemas.enable=false), so moving a connector to
 * our converter changes only the logical types. The one difference: we write floating-point numbers in the shortest
 * text that reads back as the same float or double (as Java 19+ and PostgreSQL do), where Java 17's Double.toString,
 * which JsonConverter uses, sometimes writes a digit more ({@code -1.8014578840857352E16} for
 * {@code -1.801457884085735E16}). Such texts must denote the same float or double; everything else is compared
 * byte for byte.
 */
class JsonConverterDifferentialTest {
    private final AnalystJsonConverter ours = Render.converter();
    private final JsonConverter kafka = new JsonConverter();

    JsonConverterDifferentialTest() {
        kafka.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC",
                "replace.null.with.default", "false"), false);
    }

    @Provide
    Arbitrary<PlainValues.Typed> typed() {
        return PlainValues.typed();
    }

    @Provide
    Arbitrary<PlainValues.Typed> rows() {
        return PlainValues.rows();
    }

    @Property(tries = 400)
    void plainValuesAreWrittenAsJsonConverterWritesThem(@ForAll("typed") PlainValues.Typed typed) {
        assertSame(typed.schema(), typed.value());
    }

    @Property(tries = 300)
    void rowsAreWrittenAsJsonConverterWritesThem(@ForAll("rows") PlainValues.Typed row) {
        assertSame(row.schema(), row.value());
    }

    @Property(tries = 200)
    void schemalessValuesAreWrittenAsJsonConverterWritesThem(@ForAll("rows") PlainValues.Typed row) {
        Object schemaless = PlainValues.withoutSchema(row.value());
        assertSame(null, schemaless);
    }

    @Example
    void nestedStructWithEveryPlainType() {
        Schema inner = SchemaBuilder.struct().field("b", Schema.BYTES_SCHEMA).field("s", Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct()
                .field("i8", Schema.INT8_SCHEMA).field("i16", Schema.INT16_SCHEMA).field("i32", Schema.INT32_SCHEMA)
                .field("i64", Schema.INT64_SCHEMA).field("f32", Schema.FLOAT32_SCHEMA)
                .field("f64", Schema.FLOAT64_SCHEMA).field("bool", Schema.BOOLEAN_SCHEMA)
                .field("opt", Schema.OPTIONAL_STRING_SCHEMA).field("inner", inner)
                .field("arr", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
                .field("map", SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.STRING_SCHEMA).build())
                .build();
        Struct value = new Struct(schema).put("i8", (byte) 1).put("i16", (short) 2).put("i32", 3).put("i64", 4L)
                .put("f32", 0.1f).put("f64", -2.5e-300).put("bool", true)
                .put("inner", new Struct(inner).put("b", new byte[] {1, 2, 3}).put("s", "ä\t\"x\""))
                .put("arr", java.util.List.of(1, 2)).put("map", Map.of(9L, "nine"));
        assertSame(schema, value);
    }

    private void assertSame(Schema schema, Object value) {
        String expected = new String(kafka.fromConnectData("t", schema, value), StandardCharsets.UTF_8);
        String actual = new String(ours.fromConnectData("t", schema, value), StandardCharsets.UTF_8);
        if (actual.equals(expected)) {
            return;
        }
        List<String> ourParts = split(actual);
        List<String> theirParts = split(expected);
        assertThat(ourParts).as(actual).hasSameSizeAs(theirParts);
        for (int i = 0; i < ourParts.size(); i++) {
            String a = ourParts.get(i);
            String b = theirParts.get(i);
            if (i % 2 == 0) {
                assertThat(a).as(actual).isEqualTo(b);
            } else {
                boolean sameDouble = Double.parseDouble(a) == Double.parseDouble(b);
                boolean sameFloat = Float.parseFloat(a) == Float.parseFloat(b);
                assertThat(sameDouble || sameFloat).as("%s vs %s in %s", a, b, actual).isTrue();
            }
        }
    }

    /** Alternating text and floating-point number tokens (odd indexes are numbers). */
    private static List<String> split(String json) {
        java.util.regex.Matcher m = FLOATING.matcher(json);
        List<String> parts = new java.util.ArrayList<>();
        int last = 0;
        while (m.find()) {
            parts.add(json.substring(last, m.start(2)));
            parts.add(m.group(2));
            last = m.end(2);
        }
        parts.add(json.substring(last));
        return parts;
    }

    /** A number with a fraction or exponent, outside strings (the values' strings here never contain a ':' or ','). */
    private static final java.util.regex.Pattern FLOATING =
            java.util.regex.Pattern.compile("(^|[\\[,:])(-?\\d+\\.\\d+(?:E-?\\d+)?)(?=[\\],}]|$)");
}

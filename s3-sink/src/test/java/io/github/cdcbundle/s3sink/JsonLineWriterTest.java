package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Our direct JSON writer against Kafka's JsonConverter (schemas.enable=false, decimal.format=NUMERIC). */
class JsonLineWriterTest {
    static final JsonConverter REFERENCE = RecordRenderer.jsonConverter(false);

    @Property(tries = 400)
    void sameBytesAsJsonConverterForRandomSchemasAndValues(@ForAll long seed) {
        Random random = new Random(seed);
        Schema schema = random.nextInt(5) == 0 ? null : schema(random, 0);
        Object value = schema == null ? schemaless(random, 0) : value(random, schema, 0);
        assertSame(schema, value);
    }

    @Test
    void edgeCases() {
        String strings = "plain \" \\ / \b\f\n\r\t \u0000 \u001f \u007f é ü 中文 \uD83D\uDE00 lone \uD800 end";
        assertSame(Schema.STRING_SCHEMA, strings);
        assertSame(null, Map.of("k\n", List.of(1, 2L, 3.5, 1e20, 1e-7, -0.0, Float.MIN_VALUE, true)));
        assertSame(Decimal.schema(2), new BigDecimal("1.50"));
        assertSame(Decimal.schema(0), new BigDecimal("1E+3"));
        assertSame(Decimal.schema(10), new BigDecimal("0.0000000001"));
        assertSame(SchemaBuilder.float64().optional().defaultValue(2.5).build(), null);
        assertSame(SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build(), Map.of(1, "a"));
        assertSame(null, Map.of(1, "a"));
        assertSame(Schema.BYTES_SCHEMA, new byte[] {0, -1, 2, 3});
        assertSame(Schema.FLOAT64_SCHEMA, Double.NaN);
        assertSame(Schema.OPTIONAL_BYTES_SCHEMA, java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}, 1, 1));
        assertSame(Timestamp.SCHEMA, new java.util.Date(-1L));
    }

    @Test
    void heapByteBuffersTakeTheDirectPathAsJsonConverterWritesThem() {
        // Debezium hands bytea over as ByteBuffers: they must not fall back (rendering the row twice). JsonConverter
        // writes the whole backing array, whatever the position and limit, and fails on direct or read-only buffers.
        byte[] array = {0, -1, 2, 3};
        assertThat(assertSame(Schema.BYTES_SCHEMA, java.nio.ByteBuffer.wrap(array))).isTrue();
        assertThat(assertSame(Schema.BYTES_SCHEMA, java.nio.ByteBuffer.wrap(array, 1, 2))).isTrue();
        assertThat(assertSame(Schema.BYTES_SCHEMA, java.nio.ByteBuffer.wrap(array, 1, 2).slice())).isTrue();
        assertThat(assertSame(null, Map.of("b", java.nio.ByteBuffer.wrap(array)))).isTrue();
        assertThat(assertSame(Schema.BYTES_SCHEMA, java.nio.ByteBuffer.wrap(array).asReadOnlyBuffer())).isFalse();
        assertThat(assertSame(Schema.BYTES_SCHEMA, java.nio.ByteBuffer.allocateDirect(2))).isFalse();
    }

    @Test
    void valuesJsonConverterRejectsFallBackSoItsErrorIsRaised() {
        JsonLineWriter writer = new JsonLineWriter();
        assertThat(writer.write(Schema.INT32_SCHEMA, "not a number")).isFalse();
        assertThat(writer.write(Schema.INT32_SCHEMA, null)).isFalse();
        Schema a = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build();
        Schema b = SchemaBuilder.struct().field("y", Schema.INT32_SCHEMA).build();
        assertThat(writer.write(a, new Struct(b).put("y", 1))).isFalse();
    }

    @Test
    void mostRandomValuesTakeTheDirectPath() {
        Random random = new Random(7);
        int direct = 0;
        for (int i = 0; i < 1000; i++) {
            Schema schema = random.nextInt(5) == 0 ? null : schema(random, 0);
            Object value = schema == null ? schemaless(random, 0) : value(random, schema, 0);
            if (assertSame(schema, value)) {
                direct++;
            }
        }
        assertThat(direct).isGreaterThan(800);
    }

    /** True when the direct writer rendered the value (and matched); false when it left it to JsonConverter. */
    static boolean assertSame(Schema schema, Object value) {
        JsonLineWriter writer = new JsonLineWriter();
        String expected;
        try {
            byte[] bytes = REFERENCE.fromConnectData("t", schema, value);
            expected = bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            assertThat(writer.write(schema, value)).as("JsonConverter fails with %s", e).isFalse();
            return false;
        }
        if (writer.write(schema, value)) {
            String actual = new String(Arrays.copyOf(writer.array(), writer.size()), StandardCharsets.UTF_8);
            assertThat(actual).isEqualTo(expected);
            return true;
        }
        return false;
    }

    static Schema schema(Random r, int depth) {
        int kind = r.nextInt(depth > 2 ? 13 : 16);
        SchemaBuilder b;
        switch (kind) {
            case 0: b = SchemaBuilder.int8(); break;
            case 1: b = SchemaBuilder.int16(); break;
            case 2: b = SchemaBuilder.int32(); break;
            case 3: b = SchemaBuilder.int64(); break;
            case 4: b = SchemaBuilder.float32(); break;
            case 5: b = SchemaBuilder.float64(); break;
            case 6: b = SchemaBuilder.bool(); break;
            case 7: case 8: b = SchemaBuilder.string(); break;
            case 9: b = SchemaBuilder.bytes(); break;
            case 10: b = Decimal.builder(r.nextInt(6)); break;
            case 11: b = r.nextBoolean() ? Timestamp.builder() : r.nextBoolean() ? Date.builder() : Time.builder();
                break;
            case 12: b = SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp"); break;
            case 13: b = SchemaBuilder.array(schema(r, depth + 1)); break;
            case 14: b = SchemaBuilder.map(r.nextBoolean() ? Schema.STRING_SCHEMA : Schema.INT32_SCHEMA,
                schema(r, depth + 1)); break;
            default:
                b = SchemaBuilder.struct().name("s" + depth);
                int fields = r.nextInt(5);
                for (int i = 0; i < fields; i++) {
                    b.field("f" + i + (r.nextInt(8) == 0 ? "\"é" : ""), schema(r, depth + 1));
                }
        }
        if (r.nextInt(3) == 0) {
            b.optional();
        }
        if (kind == 2 && r.nextInt(4) == 0) {
            b.defaultValue(42);
        }
        return b.build();
    }

    static Object value(Random r, Schema schema, int depth) {
        if (schema.isOptional() && r.nextInt(4) == 0) {
            return null;
        }
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return new BigDecimal(BigInteger.valueOf(r.nextLong() >> r.nextInt(60)),
                        Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
                case Timestamp.LOGICAL_NAME:
                    return new java.util.Date(r.nextLong() >> 20);
                case Date.LOGICAL_NAME:
                    return new java.util.Date(86_400_000L * (r.nextInt(40_000) - 20_000));
                case Time.LOGICAL_NAME:
                    return new java.util.Date(r.nextInt(86_400_000));
                default:
                    break;
            }
        }
        switch (schema.type()) {
            case INT8: return (byte) r.nextInt();
            case INT16: return (short) r.nextInt();
            case INT32: return r.nextInt();
            case INT64: return r.nextLong();
            case FLOAT32: return r.nextInt(10) == 0 ? Float.NaN : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
            case FLOAT64: return r.nextGaussian() * Math.pow(10, r.nextInt(60) - 30);
            case BOOLEAN: return r.nextBoolean();
            case STRING: return string(r);
            case BYTES: {
                byte[] bytes = new byte[r.nextInt(20)];
                r.nextBytes(bytes);
                return bytes;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(value(r, schema.valueSchema(), depth + 1));
                }
                return list;
            }
            case MAP: {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    map.put(value(r, schema.keySchema(), depth + 1), value(r, schema.valueSchema(), depth + 1));
                }
                return map;
            }
            default: {
                Struct struct = new Struct(schema);
                for (org.apache.kafka.connect.data.Field field : schema.fields()) {
                    Object v = value(r, field.schema(), depth + 1);
                    if (v != null) {
                        struct.put(field, v);
                    }
                }
                return struct;
            }
        }
    }

    static Object schemaless(Random r, int depth) {
        switch (r.nextInt(depth > 2 ? 7 : 9)) {
            case 0: return r.nextInt();
            case 1: return r.nextLong();
            case 2: return r.nextGaussian();
            case 3: return r.nextBoolean();
            case 4: case 5: return string(r);
            case 6: return null;
            case 7: {
                List<Object> list = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(schemaless(r, depth + 1));
                }
                return list;
            }
            default: {
                Map<Object, Object> map = new HashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    map.put(r.nextInt(6) == 0 ? (Object) r.nextInt(9) : string(r), schemaless(r, depth + 1));
                }
                return map;
            }
        }
    }

    static String string(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            int pick = r.nextInt(10);
            if (pick < 5) {
                sb.append((char) (0x20 + r.nextInt(0x5f)));
            } else if (pick == 5) {
                sb.append((char) r.nextInt(0x20));
            } else if (pick == 6) {
                sb.append((char) (0x80 + r.nextInt(0x780)));
            } else if (pick == 7) {
                sb.append((char) (0x800 + r.nextInt(0xD000)));
            } else if (pick == 8) {
                sb.appendCodePoint(0x10000 + r.nextInt(0x10000));
            } else {
                sb.append(r.nextBoolean() ? '"' : '\\');
            }
        }
        return sb.toString();
    }
}

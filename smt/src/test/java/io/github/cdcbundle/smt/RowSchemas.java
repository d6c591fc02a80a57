package io.github.cdcbundle.smt;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Random row schemas (every Connect type, optional fields, defaults, nested structs, arrays, maps, logical types)
 * and random rows for them. Generation goes through a seed so that jqwik shrinks and replays it.
 */
final class RowSchemas {
    private RowSchemas() {
    }

    /** A schema and one row of it. */
    record Sample(Schema schema, Struct row) {
        @Override
        public String toString() {
            return schema.fields().stream().map(f -> f.name() + ":" + describe(f.schema())).toList().toString();
        }
    }

    static Arbitrary<Sample> samples() {
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            Schema schema = struct(random, 0, true);
            return new Sample(schema, (Struct) value(random, schema, false));
        });
    }

    static Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    static Schema struct(Random random, int depth, boolean optional) {
        SchemaBuilder builder = SchemaBuilder.struct().name("gen.row" + depth + "x" + random.nextInt(1000));
        int n = 1 + random.nextInt(depth == 0 ? 25 : 5);
        for (int i = 0; i < n; i++) {
            builder.field("c" + i, fieldSchema(random, depth));
        }
        if (optional) {
            builder.optional();
        }
        return builder.build();
    }

    private static Schema fieldSchema(Random random, int depth) {
        int kind = random.nextInt(depth < 2 ? 19 : 16);
        boolean optional = random.nextInt(3) > 0;
        SchemaBuilder b;
        switch (kind) {
            case 0: b = SchemaBuilder.int8(); break;
            case 1: b = SchemaBuilder.int16(); break;
            case 2: b = SchemaBuilder.int32(); break;
            case 3: b = SchemaBuilder.int64(); break;
            case 4: b = SchemaBuilder.float32(); break;
            case 5: b = SchemaBuilder.float64(); break;
            case 6: b = SchemaBuilder.bool(); break;
            case 7: b = SchemaBuilder.string(); break;
            case 8: b = SchemaBuilder.bytes(); break;
            case 9: b = Decimal.builder(random.nextInt(6)); break;
            case 10: b = Timestamp.builder(); break;
            case 11: b = org.apache.kafka.connect.data.Date.builder(); break;
            case 12: b = Time.builder(); break;
            case 13: b = SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1); break;
            case 14: b = SchemaBuilder.string().name("io.debezium.data.Json").version(1); break;
            case 15: b = SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA); break;
            case 16: b = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA); break;
            default: {
                Schema nested = struct(random, depth + 1, optional);
                return nested;
            }
        }
        if (kind == 7 && random.nextInt(4) == 0) {
            b.defaultValue("dflt");
        }
        if (optional) {
            b.optional();
        }
        return b.build();
    }

    static Object value(Random random, Schema schema, boolean allowNull) {
        if (schema.isOptional() && allowNull && random.nextInt(5) == 0) {
            return null;
        }
        String name = schema.name();
        if (Decimal.LOGICAL_NAME.equals(name)) {
            int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
            return new BigDecimal(BigInteger.valueOf(random.nextLong()), scale);
        }
        if (Timestamp.LOGICAL_NAME.equals(name) || org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(name)
                || Time.LOGICAL_NAME.equals(name)) {
            long day = 86_400_000L;
            long ms = Time.LOGICAL_NAME.equals(name) ? random.nextInt((int) day)
                    : org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(name) ? (random.nextInt(40_000) * day)
                    : random.nextLong() % (4_000_000L * day);
            return new Date(ms);
        }
        switch (schema.type()) {
            case INT8: return (byte) random.nextInt();
            case INT16: return (short) random.nextInt();
            case INT32: return random.nextInt();
            case INT64: return random.nextLong();
            case FLOAT32: return random.nextFloat();
            case FLOAT64: return random.nextDouble();
            case BOOLEAN: return random.nextBoolean();
            case STRING: return "s" + random.nextInt() + (random.nextBoolean() ? "é✓" : "");
            case BYTES: {
                byte[] bytes = new byte[random.nextInt(8)];
                random.nextBytes(bytes);
                return random.nextBoolean() ? bytes : ByteBuffer.wrap(bytes);
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(random, schema.valueSchema(), true));
                }
                return list;
            }
            case MAP: {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put("k" + i, value(random, schema.valueSchema(), true));
                }
                return map;
            }
            case STRUCT: {
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, value(random, field.schema(), true));
                }
                return struct;
            }
            default:
                throw new IllegalStateException(schema.type().toString());
        }
    }

    static String describe(Schema schema) {
        String base = schema.name() != null ? schema.name() : schema.type().toString();
        return base + (schema.isOptional() ? "?" : "");
    }
}

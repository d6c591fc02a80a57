package io.github.cdcbundle.converters;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/** Random Connect schemas of plain (non-logical) types with matching values, and the schemaless form of a value. */
final class PlainValues {
    /** A value with its schema. */
    record Typed(Schema schema, Object value) {
    }

    private static final Schema[] LEAVES = {
        Schema.INT8_SCHEMA, Schema.INT16_SCHEMA, Schema.INT32_SCHEMA, Schema.INT64_SCHEMA, Schema.FLOAT32_SCHEMA,
        Schema.FLOAT64_SCHEMA, Schema.BOOLEAN_SCHEMA, Schema.STRING_SCHEMA, Schema.BYTES_SCHEMA,
        Schema.OPTIONAL_INT32_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA, Schema.OPTIONAL_FLOAT64_SCHEMA,
        Schema.OPTIONAL_STRING_SCHEMA, Schema.OPTIONAL_BYTES_SCHEMA, Schema.OPTIONAL_BOOLEAN_SCHEMA,
    };

    private PlainValues() {
    }

    static Arbitrary<Typed> typed() {
        return schemas(3).flatMap(schema -> values(schema).map(value -> new Typed(schema, value)))
                .filter(t -> t.value() != null);
    }

    static Arbitrary<Typed> rows() {
        return struct(schemas(2)).flatMap(schema -> values(schema).map(value -> new Typed(schema, value)))
                .filter(t -> t.value() != null);
    }

    static Arbitrary<Schema> schemas(int depth) {
        Arbitrary<Schema> leaf = Arbitraries.of(LEAVES);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Schema> inner = schemas(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(8, leaf),
                Tuple.of(1, inner.map(s -> SchemaBuilder.array(s).optional().build())),
                Tuple.of(1, inner.map(s -> SchemaBuilder.map(Schema.STRING_SCHEMA, s).build())),
                Tuple.of(1, inner.map(s -> SchemaBuilder.map(Schema.INT32_SCHEMA, s).optional().build())),
                Tuple.of(2, struct(inner)));
    }

    private static Arbitrary<Schema> struct(Arbitrary<Schema> fields) {
        return Combinators.combine(fields.list().ofMinSize(1).ofMaxSize(6), Arbitraries.of(true, false))
                .as((list, optional) -> {
                    SchemaBuilder builder = SchemaBuilder.struct().name("row");
                    for (int i = 0; i < list.size(); i++) {
                        builder.field("c" + i, list.get(i));
                    }
                    return optional ? builder.optional().build() : builder.build();
                });
    }

    static Arbitrary<Object> values(Schema schema) {
        Arbitrary<?> value;
        switch (schema.type()) {
            case INT8:
                value = Arbitraries.bytes();
                break;
            case INT16:
                value = Arbitraries.shorts();
                break;
            case INT32:
                value = Arbitraries.integers();
                break;
            case INT64:
                value = Arbitraries.longs();
                break;
            case FLOAT32:
                value = Arbitraries.floats().withSpecialValue(Float.NaN).withSpecialValue(Float.POSITIVE_INFINITY)
                        .withSpecialValue(-0.0f).withSpecialValue(Float.MIN_VALUE);
                break;
            case FLOAT64:
                value = Arbitraries.doubles().withSpecialValue(Double.NaN)
                        .withSpecialValue(Double.NEGATIVE_INFINITY).withSpecialValue(1e20).withSpecialValue(1e-7);
                break;
            case BOOLEAN:
                value = Arbitraries.of(true, false);
                break;
            case STRING:
                // The Basic Multilingual Plane without surrogates: JsonConverter escapes those, we write UTF-8.
                value = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff')
                        .ofMaxLength(12);
                break;
            case BYTES:
                value = Arbitraries.bytes().array(byte[].class).ofMaxSize(10);
                break;
            case ARRAY:
                value = values(schema.valueSchema()).list().ofMaxSize(4);
                break;
            case MAP:
                value = Arbitraries.maps(values(schema.keySchema()).filter(k -> k != null),
                        values(schema.valueSchema())).ofMaxSize(3).map(LinkedHashMap::new);
                break;
            case STRUCT:
                List<Arbitrary<Object>> fields = new ArrayList<>();
                for (Field field : schema.fields()) {
                    fields.add(values(field.schema()));
                }
                value = Combinators.combine(fields).as(list -> {
                    Struct struct = new Struct(schema);
                    for (int i = 0; i < list.size(); i++) {
                        struct.put(schema.fields().get(i), list.get(i));
                    }
                    return struct;
                });
                break;
            default:
                throw new IllegalArgumentException(schema.type().toString());
        }
        @SuppressWarnings("unchecked")
        Arbitrary<Object> result = (Arbitrary<Object>) value;
        return schema.isOptional() ? result.injectNull(0.15) : result;
    }

    /** The same value without a schema, as a schemaless source would hold it: structs become maps. */
    static Object withoutSchema(Object value) {
        if (value instanceof Struct) {
            Struct struct = (Struct) value;
            Map<String, Object> row = new LinkedHashMap<>();
            for (Field field : struct.schema().fields()) {
                row.put(field.name(), withoutSchema(struct.getWithoutDefault(field.name())));
            }
            return row;
        }
        if (value instanceof List) {
            List<Object> list = new ArrayList<>();
            for (Object item : (List<?>) value) {
                list.add(withoutSchema(item));
            }
            return list;
        }
        if (value instanceof Map) {
            Map<Object, Object> map = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> map.put(k, withoutSchema(v)));
            return map;
        }
        return value;
    }

    /**
     * Asserts that {@code read} (our JSON read back) is {@code value}: like {@link #schemaless} but floating-point
     * numbers are compared as the float or double they denote, since we write the shortest text that round-trips.
     */
    static void assertReadBack(Schema schema, Object value, Object read) {
        if (value == null) {
            org.assertj.core.api.Assertions.assertThat(read).isNull();
            return;
        }
        switch (schema.type()) {
            case FLOAT32: {
                float f = (Float) value;
                if (Float.isFinite(f)) {
                    org.assertj.core.api.Assertions.assertThat(((BigDecimal) read).floatValue() == f)
                            .as("%s reads back as %s", f, read).isTrue();
                } else {
                    org.assertj.core.api.Assertions.assertThat(read).isEqualTo(Float.toString(f));
                }
                return;
            }
            case FLOAT64: {
                double d = (Double) value;
                if (Double.isFinite(d)) {
                    org.assertj.core.api.Assertions.assertThat(((BigDecimal) read).doubleValue() == d)
                            .as("%s reads back as %s", d, read).isTrue();
                } else {
                    org.assertj.core.api.Assertions.assertThat(read).isEqualTo(Double.toString(d));
                }
                return;
            }
            case ARRAY: {
                List<?> items = (List<?>) value;
                List<?> readItems = (List<?>) read;
                org.assertj.core.api.Assertions.assertThat(readItems).hasSameSizeAs(items);
                for (int i = 0; i < items.size(); i++) {
                    assertReadBack(schema.valueSchema(), items.get(i), readItems.get(i));
                }
                return;
            }
            case MAP: {
                Map<?, ?> map = (Map<?, ?>) value;
                if (schema.keySchema().type() == Schema.Type.STRING) {
                    Map<?, ?> readMap = (Map<?, ?>) read;
                    org.assertj.core.api.Assertions.assertThat(readMap.keySet()).isEqualTo(map.keySet());
                    map.forEach((k, v) -> assertReadBack(schema.valueSchema(), v, readMap.get(k)));
                } else {
                    List<?> pairs = (List<?>) read;
                    org.assertj.core.api.Assertions.assertThat(pairs).hasSize(map.size());
                    int i = 0;
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        List<?> pair = (List<?>) pairs.get(i++);
                        assertReadBack(schema.keySchema(), entry.getKey(), pair.get(0));
                        assertReadBack(schema.valueSchema(), entry.getValue(), pair.get(1));
                    }
                }
                return;
            }
            case STRUCT: {
                Map<?, ?> row = (Map<?, ?>) read;
                org.assertj.core.api.Assertions.assertThat(new ArrayList<>(row.keySet()))
                        .isEqualTo(schema.fields().stream().map(Field::name).toList());
                for (Field field : schema.fields()) {
                    assertReadBack(field.schema(), ((Struct) value).getWithoutDefault(field.name()),
                            row.get(field.name()));
                }
                return;
            }
            default:
                org.assertj.core.api.Assertions.assertThat(read).isEqualTo(schemaless(schema, value));
        }
    }

    /**
     * What reading our JSON back must give, computed from the value without our code: integers as Long, floats as
     * the BigDecimal of their Java text (NaN and the infinities as strings), bytes as base64, string-keyed maps as
     * objects, other maps as [key, value] pairs.
     */
    static Object schemaless(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        switch (schema.type()) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return ((Number) value).longValue();
            case FLOAT32:
                float f = (Float) value;
                return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : Float.toString(f);
            case FLOAT64:
                double d = (Double) value;
                return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : Double.toString(d);
            case BYTES:
                return Base64.getEncoder().encodeToString((byte[]) value);
            case ARRAY:
                List<Object> list = new ArrayList<>();
                for (Object item : (List<?>) value) {
                    list.add(schemaless(schema.valueSchema(), item));
                }
                return list;
            case MAP:
                if (schema.keySchema().type() == Schema.Type.STRING) {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    ((Map<?, ?>) value).forEach((k, v) -> map.put(k, schemaless(schema.valueSchema(), v)));
                    return map;
                }
                List<Object> pairs = new ArrayList<>();
                ((Map<?, ?>) value).forEach((k, v) -> pairs.add(java.util.Arrays.asList(schemaless(schema.keySchema(), k),
                        schemaless(schema.valueSchema(), v))));
                return pairs;
            case STRUCT:
                Map<String, Object> row = new LinkedHashMap<>();
                for (Field field : schema.fields()) {
                    row.put(field.name(), schemaless(field.schema(), ((Struct) value).getWithoutDefault(field.name())));
                }
                return row;
            default:
                return value;
        }
    }
}

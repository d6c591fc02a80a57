package io.github.cdcbundle.converters;

import static io.github.cdcbundle.converters.Render.TOPIC;
import static io.github.cdcbundle.converters.Render.converter;
import static io.github.cdcbundle.converters.Render.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** Plain Connect types, containers, nulls and schemaless values. */
class StructureTest {
    private static final Schema ADDRESS = SchemaBuilder.struct().name("address").optional()
            .field("city", Schema.STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    @Test
    void primitives() {
        assertThat(json(Schema.INT8_SCHEMA, (byte) -8)).isEqualTo("-8");
        assertThat(json(Schema.INT16_SCHEMA, (short) 300)).isEqualTo("300");
        assertThat(json(Schema.INT32_SCHEMA, Integer.MIN_VALUE)).isEqualTo("-2147483648");
        assertThat(json(Schema.INT64_SCHEMA, Long.MAX_VALUE)).isEqualTo("9223372036854775807");
        assertThat(json(Schema.FLOAT32_SCHEMA, 1.1f)).isEqualTo("1.1");
        assertThat(json(Schema.FLOAT64_SCHEMA, 0.1)).isEqualTo("0.1");
        assertThat(json(Schema.FLOAT64_SCHEMA, 1e20)).isEqualTo("1.0E20");
        assertThat(json(Schema.FLOAT64_SCHEMA, Double.NaN)).as("as PostgreSQL writes float8 NaN").isEqualTo("\"NaN\"");
        assertThat(json(Schema.FLOAT64_SCHEMA, Double.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
        assertThat(json(Schema.FLOAT64_SCHEMA, -1.801457884085735E16)).as("shortest text, as Java 19+ and PostgreSQL")
                .isEqualTo("-1.801457884085735E16");
        assertThat(json(Schema.FLOAT32_SCHEMA, 3.3554448E7f)).isEqualTo("3.355445E7");
        assertThat(json(Schema.BOOLEAN_SCHEMA, true)).isEqualTo("true");
        assertThat(json(Schema.STRING_SCHEMA, "a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    }

    @Test
    void structWithNestedStructArrayMapAndNulls() {
        Schema schema = SchemaBuilder.struct().name("row")
                .field("id", Schema.INT64_SCHEMA)
                .field("address", ADDRESS)
                .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA).build())
                .field("missing", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Map<String, Integer> attrs = new LinkedHashMap<>();
        attrs.put("a", 1);
        attrs.put("b", null);
        Struct row = new Struct(schema).put("id", 7L)
                .put("address", new Struct(ADDRESS).put("city", "Köln"))
                .put("tags", Arrays.asList("x", null))
                .put("attrs", attrs);
        assertThat(json(schema, row)).isEqualTo("{\"id\":7,\"address\":{\"city\":\"Köln\",\"zip\":null},"
                + "\"tags\":[\"x\",null],\"attrs\":{\"a\":1,\"b\":null},\"missing\":null}");
    }

    @Test
    void mapsWithNonStringKeysArePairs() {
        Schema schema = SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build();
        Map<Integer, String> map = new LinkedHashMap<>();
        map.put(1, "x");
        map.put(2, "y");
        assertThat(json(schema, map)).isEqualTo("[[1,\"x\"],[2,\"y\"]]");
    }

    @Test
    void arraysOfLogicalTypesRenderEachElement() {
        Schema schema = SchemaBuilder.array(Decimal.builder(2).optional().build()).build();
        assertThat(json(schema, Arrays.asList(new BigDecimal("1.00"), null))).isEqualTo("[1.00,null]");
        Schema jsonArray = SchemaBuilder.array(Render.debezium(Schema.Type.STRING, "io.debezium.data.Json")).build();
        assertThat(json(jsonArray, List.of("{\"a\":1}", "[2]"))).isEqualTo("[{\"a\":1},[2]]");
    }

    @Test
    void nullsStayNullUnlessAskedToUseTheDefault() {
        Schema schema = SchemaBuilder.struct()
                .field("n", SchemaBuilder.int32().optional().defaultValue(5).build())
                .build();
        Struct row = new Struct(schema);
        assertThat(json(schema, row)).isEqualTo("{\"n\":null}");
        assertThat(json(schema, row, "replace.null.with.default", "true")).isEqualTo("{\"n\":5}");
        assertThat(json(schema, new Struct(schema).put("n", 3))).isEqualTo("{\"n\":3}");
    }

    @Test
    void nullValueIsATombstone() {
        assertThat(json(ADDRESS, null)).isNull();
        assertThat(json(null, null)).isNull();
    }

    @Test
    void schemalessValues() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 7);
        row.put("price", new BigDecimal("12.30"));
        row.put("big", new BigInteger("123456789012345678901234567890"));
        row.put("ratio", 0.5);
        row.put("f", 0.25f);
        row.put("ok", false);
        row.put("list", Arrays.asList(1L, "two", null, List.of()));
        row.put("blob", new byte[] {1, 2});
        row.put("when", new java.util.Date(1706704496789L));
        row.put("nested", new Struct(ADDRESS).put("city", "Oslo"));
        row.put("none", null);
        assertThat(json(null, row)).isEqualTo("{\"id\":7,\"price\":12.30,"
                + "\"big\":123456789012345678901234567890,\"ratio\":0.5,\"f\":0.25,\"ok\":false,"
                + "\"list\":[1,\"two\",null,[]],\"blob\":\"AQI=\",\"when\":\"2024-01-31T12:34:56.789\","
                + "\"nested\":{\"city\":\"Oslo\",\"zip\":null},\"none\":null}");
        assertThat(json(null, "text")).isEqualTo("\"text\"");
        assertThat(json(null, new BigDecimal("1.50"), "decimal.format", "string")).isEqualTo("\"1.50\"");
    }

    @Test
    void schemalessMapsWithNonStringKeysArePairs() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put(2, "b");
        assertThat(json(null, map)).isEqualTo("[[\"a\",1],[2,\"b\"]]");
    }

    @Test
    void structWithAnEqualButDistinctSchemaInstanceRendersAndCachesOnePlan() {
        Schema one = SchemaBuilder.struct().name("r").field("a", Schema.INT32_SCHEMA).build();
        Schema two = SchemaBuilder.struct().name("r").field("a", Schema.INT32_SCHEMA).build();
        JsonRendering rendering = JsonRendering.create(Map.of());
        assertThat(new String(rendering.render(one, new Struct(two).put("a", 1)), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1}");
        assertThat(new String(rendering.render(two, new Struct(one).put("a", 2)), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":2}");
        assertThat(rendering.cachedPlans()).isEqualTo(1);
    }

    @Test
    void structWhoseSchemaDiffersFromTheGivenOneRendersByItsOwnSchema() {
        Schema other = SchemaBuilder.struct().name("r").field("b", Schema.STRING_SCHEMA).build();
        assertThat(json(ADDRESS, new Struct(other).put("b", "x"))).isEqualTo("{\"b\":\"x\"}");
    }

    @Test
    void keyConverterAndHeaderConverterRenderTheSameWay() {
        AnalystJsonConverter keys = new AnalystJsonConverter();
        keys.configure(Map.of("decimal.format", "string"), true);
        assertThat(new String(keys.fromConnectData(TOPIC, Decimal.schema(1), new BigDecimal("1.5")),
                StandardCharsets.UTF_8)).isEqualTo("\"1.5\"");
        AnalystJsonConverter headers = new AnalystJsonConverter();
        headers.configure(Map.of());
        Schema date = Render.debezium(Schema.Type.INT32, "io.debezium.time.Date");
        assertThat(new String(headers.fromConnectHeader(TOPIC, "h", date, 19753), StandardCharsets.UTF_8))
                .isEqualTo("\"2024-01-31\"");
        assertThat(headers.fromConnectHeader(TOPIC, "h", date, null)).isNull();
        assertThat(headers.toConnectHeader(TOPIC, "h", "\"2024-01-31\"".getBytes(StandardCharsets.UTF_8)).value())
                .isEqualTo("2024-01-31");
    }

    @Test
    void writeAppendsOneValueAndLeavesTheStreamOpen() throws java.io.IOException {
        JsonRendering rendering = JsonRendering.create(Map.of());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        rendering.write(Schema.INT32_SCHEMA, 1, out);
        out.write('\n');
        rendering.write(null, List.of("a"), out);
        out.write('\n');
        rendering.write(Schema.OPTIONAL_STRING_SCHEMA, null, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1\n[\"a\"]\nnull");
    }

    @Test
    void aFailedWriteLeavesTheStreamUntouched() throws java.io.IOException {
        JsonRendering rendering = JsonRendering.create(Map.of());
        Schema schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA)
                .field("doc", Render.debezium(Schema.Type.STRING, "io.debezium.data.Json")).build();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rendering.write(schema,
                new Struct(schema).put("a", 1).put("doc", "{broken"), out))
                .isInstanceOf(org.apache.kafka.connect.errors.DataException.class);
        assertThat(out.size()).isZero();
        rendering.write(schema, new Struct(schema).put("a", 2).put("doc", "[]"), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":2,\"doc\":[]}");
    }

    @Test
    void writeStreamingWritesTheSameBytesStraightToTheStreamAndRecoversFromAFailure() throws java.io.IOException {
        JsonRendering rendering = JsonRendering.create(Map.of());
        Schema schema = SchemaBuilder.struct().field("pad", Schema.STRING_SCHEMA)
                .field("doc", Render.debezium(Schema.Type.STRING, "io.debezium.data.Json")).build();
        Struct good = new Struct(schema).put("pad", "x".repeat(20_000)).put("doc", "{\"a\": [1, 2]}");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        rendering.writeStreaming(schema, good, out);
        assertThat(out.toByteArray()).isEqualTo(rendering.render(schema, good));

        // A failure after 20 KB went out: the caller rolls back; the next value renders whole and correct.
        java.io.ByteArrayOutputStream failed = new java.io.ByteArrayOutputStream();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rendering.writeStreaming(schema,
                new Struct(schema).put("pad", "x".repeat(20_000)).put("doc", "{broken"), failed))
                .isInstanceOf(org.apache.kafka.connect.errors.DataException.class).hasMessageContaining("doc");
        java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
        rendering.writeStreaming(schema, good, again);
        assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
    }

    @Test
    void threadsRenderConcurrentlyWithTheSameResults() throws Exception {
        JsonRendering rendering = JsonRendering.create(Map.of());
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
                .field("ts", Render.debezium(Schema.Type.INT64, "io.debezium.time.MicroTimestamp")).build();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long offset = t * 1_000_000L;
                results.add(pool.submit(() -> {
                    for (long i = offset; i < offset + 2000; i++) {
                        String text = new String(rendering.render(schema,
                                new Struct(schema).put("id", i).put("ts", i * 1_000_000L)), StandardCharsets.UTF_8);
                        String expected = "{\"id\":" + i + ",\"ts\":\""
                                + java.time.LocalDateTime.ofEpochSecond(i, 0, java.time.ZoneOffset.UTC)
                                        .format(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "\"}";
                        if (!text.equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void alternatingSchemasOfManyTables() {
        JsonRendering rendering = JsonRendering.create(Map.of("schema.cache.size", "2"));
        Schema[] tables = new Schema[3];
        for (int t = 0; t < tables.length; t++) {
            tables[t] = SchemaBuilder.struct().name("table" + t).field("c" + t, Schema.INT32_SCHEMA).build();
        }
        for (int i = 0; i < 30; i++) {
            int t = i % 3;
            assertThat(new String(rendering.render(tables[t], new Struct(tables[t]).put("c" + t, i)),
                    StandardCharsets.UTF_8)).isEqualTo("{\"c" + t + "\":" + i + "}");
        }
        assertThat(rendering.cachedPlans()).isEqualTo(2);
    }

    @Test
    void planIsCachedPerSchema() {
        JsonRendering rendering = JsonRendering.create(Map.of("schema.cache.size", "2"));
        rendering.render(ADDRESS, new Struct(ADDRESS).put("city", "a"));
        rendering.render(ADDRESS, new Struct(ADDRESS).put("city", "b"));
        assertThat(rendering.cachedPlans()).isEqualTo(1);
        rendering.render(Schema.INT32_SCHEMA, 1);
        rendering.render(Schema.STRING_SCHEMA, "x");
        assertThat(rendering.cachedPlans()).isEqualTo(2);
        assertThat(converter().version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}

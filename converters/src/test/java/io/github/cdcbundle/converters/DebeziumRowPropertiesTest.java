package io.github.cdcbundle.converters;

import static io.github.cdcbundle.converters.Render.TOPIC;
import static io.github.cdcbundle.converters.Render.debezium;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Rows of random width mixing Debezium's logical types (and NULLs), as a captured table gives them: every column
 * reads back as what its value means, checked with java.time, java.util.Base64, BigDecimal and Jackson databind
 * rather than our code.
 */
class DebeziumRowPropertiesTest {
    /** One kind of column: its schema, its values, and what a value must read back as. */
    record Column(Schema schema, Arbitrary<Object> values, Function<Object, Object> expected) {
    }

    private static final long MAX_MICROS = LocalDateTime.of(9999, 12, 31, 23, 59).toEpochSecond(ZoneOffset.UTC)
            * 1_000_000L;
    private static final long MIN_MICROS = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;

    private static final List<Column> KINDS = List.of(
            new Column(Decimal.builder(2).optional().build(),
                    Arbitraries.bigDecimals().between(new BigDecimal("-1e12"), new BigDecimal("1e12")).ofScale(2)
                            .map(d -> (Object) d), v -> v),
            new Column(debezium(Schema.Type.INT32, "io.debezium.time.Date"),
                    Arbitraries.integers().between(-719_162, 2_932_896).map(d -> (Object) d),
                    v -> LocalDate.ofEpochDay((Integer) v).toString()),
            new Column(debezium(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"),
                    Arbitraries.longs().between(MIN_MICROS, MAX_MICROS).map(m -> (Object) m),
                    v -> micros(LocalDateTime.ofEpochSecond(Math.floorDiv((Long) v, 1_000_000L),
                            (int) Math.floorMod((Long) v, 1_000_000L) * 1000, ZoneOffset.UTC))),
            new Column(debezium(Schema.Type.INT64, "io.debezium.time.MicroTime"),
                    Arbitraries.longs().between(0, 86_399_999_999L).map(m -> (Object) m),
                    v -> LocalTime.ofNanoOfDay((Long) v * 1000)),
            new Column(debezium(Schema.Type.INT64, "io.debezium.time.MicroDuration"),
                    Arbitraries.longs().map(m -> (Object) m), v -> Duration.of((Long) v, ChronoUnit.MICROS)),
            new Column(debezium(Schema.Type.STRING, "io.debezium.data.Json"),
                    Arbitraries.of("{\"a\": 1}", "[1, 2.50, null]", "\"text\"", "{\"n\": {\"m\": [true, false]}}")
                            .map(s -> (Object) s), v -> read((String) v)),
            new Column(debezium(Schema.Type.STRING, "io.debezium.data.Uuid"),
                    Arbitraries.create(java.util.UUID::randomUUID).map(u -> (Object) u.toString()), v -> v),
            new Column(Schema.OPTIONAL_BYTES_SCHEMA, Arbitraries.bytes().array(byte[].class).ofMaxSize(8)
                    .map(b -> (Object) b), v -> Base64.getEncoder().encodeToString((byte[]) v)),
            new Column(Schema.OPTIONAL_STRING_SCHEMA, Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s),
                    v -> v),
            new Column(Schema.OPTIONAL_INT32_SCHEMA, Arbitraries.integers().map(i -> (Object) i),
                    v -> ((Integer) v).longValue()),
            new Column(Schema.OPTIONAL_BOOLEAN_SCHEMA, Arbitraries.of(true, false).map(b -> (Object) b), v -> v));

    private static final AnalystJsonConverter CONVERTER = Render.converter();

    /** Which kind each column is, and the row's values. */
    record Row(List<Integer> layout, List<Object> values) {
    }

    @Provide
    Arbitrary<Row> rows() {
        return Arbitraries.integers().between(0, KINDS.size() - 1).list().ofMinSize(1).ofMaxSize(25)
                .flatMap(layout -> {
                    List<Arbitrary<Object>> values = new ArrayList<>();
                    for (int kind : layout) {
                        values.add(KINDS.get(kind).values().injectNull(0.2));
                    }
                    return Combinators.combine(values).as(list -> new Row(layout, new ArrayList<>(list)));
                });
    }

    @Property(tries = 300)
    void everyColumnReadsBackAsWhatItMeans(@ForAll("rows") Row generated) {
        List<Integer> layout = generated.layout();
        List<Object> row = generated.values();
        SchemaBuilder builder = SchemaBuilder.struct().name("server.public.table.Value");
        for (int i = 0; i < layout.size(); i++) {
            builder.field("c" + i, KINDS.get(layout.get(i)).schema());
        }
        Schema schema = builder.build();
        Struct struct = new Struct(schema);
        for (int i = 0; i < layout.size(); i++) {
            struct.put("c" + i, row.get(i));
        }

        Map<?, ?> read = (Map<?, ?>) CONVERTER.toConnectData(TOPIC, CONVERTER.fromConnectData(TOPIC, schema, struct))
                .value();

        assertThat(read).hasSize(layout.size());
        for (int i = 0; i < layout.size(); i++) {
            Object value = row.get(i);
            Object got = read.get("c" + i);
            if (value == null) {
                assertThat(got).as("c" + i).isNull();
                continue;
            }
            Object expected = KINDS.get(layout.get(i)).expected().apply(value);
            assertThat(normalize(expected, got)).as("c%d (%s)", i, schema.field("c" + i).schema().name())
                    .isEqualTo(expected);
        }
    }

    /** Parses ISO text back into the java.time type the expectation is in, so equal values compare equal. */
    private static Object normalize(Object expected, Object got) {
        if (expected instanceof LocalTime) {
            return LocalTime.parse((String) got);
        }
        if (expected instanceof Duration) {
            return Duration.parse((String) got);
        }
        if (expected instanceof Long && got instanceof String) {
            return micros(LocalDateTime.parse((String) got));
        }
        return got;
    }

    private static Long micros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1000;
    }

    /** The document as Jackson databind reads it, in the same Java types as our schemaless values. */
    private static Object read(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_LONG_FOR_INTS);
}

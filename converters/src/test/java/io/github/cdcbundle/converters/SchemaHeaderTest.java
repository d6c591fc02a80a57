package io.github.cdcbundle.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, step 1: the schema header carries the Connect schema from the source's converter to the sink's, which
 * rebuilds a typed Struct; the JSON value itself must not change.
 */
class SchemaHeaderTest {
    static final Schema VSD = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").optional()
            .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();

    /** A flattened Debezium row of the awkward PostgreSQL types, with the flatten transform's metadata fields. */
    static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value").version(1)
            .field("id", Schema.INT64_SCHEMA)
            .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
            .field("ratio", VSD)
            .field("created_at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1).optional()
                    .build())
            .field("created_ms", SchemaBuilder.int64().name("io.debezium.time.Timestamp").optional().build())
            .field("updated_at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1)
                    .optional().build())
            .field("ship_date", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("at_time", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
            .field("wait", SchemaBuilder.int64().name("io.debezium.time.MicroDuration").optional().build())
            .field("attributes", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
            .field("tags", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
            .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional()
                    .build())
            .field("thumbnail", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("score", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("__deleted", Schema.BOOLEAN_SCHEMA)
            .field("__lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("__commit_ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    static Struct row() {
        Map<String, String> labels = new HashMap<>();
        labels.put("a", "1");
        return new Struct(ROW).put("id", 7L).put("amount", new BigDecimal("12.30"))
                .put("ratio", new Struct(VSD).put("scale", 3).put("value", new BigDecimal("-1.250").unscaledValue()
                        .toByteArray()))
                .put("created_at", 1706704496789012L).put("created_ms", 1706704496789L)
                .put("updated_at", "2024-01-31T11:34:56.789012Z")
                .put("ship_date", 19756).put("at_time", 45296789012L).put("wait", 93784500000L)
                .put("attributes", "{\"gift\":true,\"n\":1.50,\"tags\":[\"a\",null]}")
                .put("tags", Arrays.asList(1, null, 3)).put("labels", labels)
                .put("thumbnail", new byte[] {1, 2, -1}).put("score", Double.NaN).put("small", (short) -3)
                .put("note", null).put("__deleted", false).put("__lsn", 123456789L).put("__commit_ts_ms", 1706704496000L);
    }

    static AnalystJsonConverter converter(boolean header) {
        AnalystJsonConverter c = new AnalystJsonConverter();
        c.configure(Map.of("schema.header", Boolean.toString(header)), false);
        return c;
    }

    @Test
    void theSinkGetsTheSourceSchemaAndATypedStructWhileTheJsonStaysAsItWas() {
        AnalystJsonConverter source = converter(true);
        RecordHeaders headers = new RecordHeaders();
        byte[] json = source.fromConnectData("t", headers, ROW, row());

        assertThat(json).isEqualTo(converter(false).fromConnectData("t", ROW, row()));
        assertThat(headers.lastHeader(AnalystJsonConverter.VALUE_SCHEMA_HEADER)).isNotNull();

        SchemaAndValue read = converter(false).toConnectData("t", headers, json);
        assertThat(read.schema()).isEqualTo(ROW);
        Struct got = (Struct) read.value();
        Struct want = row();
        for (org.apache.kafka.connect.data.Field f : ROW.fields()) {
            Object g = got.get(f.name());
            Object w = want.get(f.name());
            if (f.name().equals("ratio")) {
                assertThat(((Struct) g).getInt32("scale")).isEqualTo(3);
                assertThat(((Struct) g).getBytes("value")).isEqualTo(((Struct) w).getBytes("value"));
            } else if (g instanceof byte[]) {
                assertThat((byte[]) g).as(f.name()).isEqualTo((byte[]) w);
            } else if (f.name().equals("attributes")) {
                // embedded JSON is re-emitted compactly, numbers exactly as written
                assertThat(g).isEqualTo("{\"gift\":true,\"n\":1.50,\"tags\":[\"a\",null]}");
            } else {
                assertThat(g).as(f.name()).isEqualTo(w);
            }
        }
        // The decimal keeps its scale (12.30, not 12.3): DECIMAL(12,2) downstream.
        assertThat(got.get("amount")).isEqualTo(new BigDecimal("12.30"));
    }

    @Test
    void theHeaderIsSerializedOncePerSchemaAndTheSinkSchemaBuiltOncePerHeader() {
        AnalystJsonConverter source = converter(true);
        RecordHeaders h1 = new RecordHeaders();
        RecordHeaders h2 = new RecordHeaders();
        byte[] j1 = source.fromConnectData("t", h1, ROW, row());
        byte[] j2 = source.fromConnectData("t", h2, ROW, row());
        assertThat(h2.lastHeader(AnalystJsonConverter.VALUE_SCHEMA_HEADER).value())
                .isSameAs(h1.lastHeader(AnalystJsonConverter.VALUE_SCHEMA_HEADER).value());

        AnalystJsonConverter sink = converter(false);
        Schema s1 = sink.toConnectData("t", h1, j1).schema();
        RecordHeaders copy = new RecordHeaders();
        copy.add(AnalystJsonConverter.VALUE_SCHEMA_HEADER,
                h2.lastHeader(AnalystJsonConverter.VALUE_SCHEMA_HEADER).value().clone());
        assertThat(sink.toConnectData("t", copy, j2).schema()).isSameAs(s1);
    }

    @Test
    void offByDefaultAndWithoutAHeaderTheSinkReadsSchemalessAsBefore() {
        RecordHeaders headers = new RecordHeaders();
        byte[] json = converter(false).fromConnectData("t", headers, ROW, row());
        assertThat(headers.toArray()).isEmpty();
        SchemaAndValue read = converter(false).toConnectData("t", headers, json);
        assertThat(read.schema()).isNull();
        assertThat(read.value()).isInstanceOf(Map.class);
    }

    @Test
    void aReplayedRecordGetsItsHeaderReplacedNotDoubled() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(AnalystJsonConverter.VALUE_SCHEMA_HEADER, "{\"t\":\"string\"}".getBytes(StandardCharsets.UTF_8));
        converter(true).fromConnectData("t", headers, ROW, row());
        assertThat(headers.headers(AnalystJsonConverter.VALUE_SCHEMA_HEADER)).hasSize(1);
    }

    @Test
    void aValueThatDoesNotFitTheHeaderNamesTheFieldAndTypeNeverTheValue() {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA)
                .field("day", SchemaBuilder.int32().name("io.debezium.time.Date").build()).build();
        RecordHeaders headers = new RecordHeaders();
        converter(true).fromConnectData("t", headers, schema, new Struct(schema).put("id", 1).put("day", 3));
        byte[] wrong = "{\"id\":1,\"day\":\"secret-31\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> converter(false).toConnectData("t", headers, wrong))
                .isInstanceOf(DataException.class)
                .hasMessage("Topic 't', record value (typed by header 'cdc.value.schema'): Cannot read field 'day' "
                        + "(io.debezium.time.Date, INT32): the value cannot be rendered (DateTimeParseException)");
        byte[] missing = "{\"day\":\"2024-01-01\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> converter(false).toConnectData("t", headers, missing))
                .hasMessage("Topic 't', record value (typed by header 'cdc.value.schema'): Cannot read field 'id' "
                        + "(INT32): the value is null but the schema is not optional");
    }

    @Test
    void aMalformedHeaderSaysSo() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(AnalystJsonConverter.VALUE_SCHEMA_HEADER, "[1]".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> converter(false).toConnectData("t", headers, "{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("Topic 't', record value (typed by header 'cdc.value.schema'): The schema header is not "
                        + "a JSON object");
        assertThat(List.of()).isEmpty();
    }
}

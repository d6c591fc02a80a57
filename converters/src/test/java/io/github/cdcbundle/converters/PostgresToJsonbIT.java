package io.github.cdcbundle.converters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import io.github.cdcbundle.testkit.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guiding rule, checked against a real PostgreSQL: a row of a wide-typed table, encoded as Debezium's PostgreSQL
 * connector encodes it (by its defaults, built here by hand from JDBC values), renders to PostgreSQL's own
 * {@code to_jsonb()} of the same row, column by column; the columns the README lists as differing differ exactly as
 * it says. PostgreSQL comes from the test kit (the machine's server binaries; the test fails without them).
 */
class PostgresToJsonbIT {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static Postgres postgres;
    private static JsonNode expected;
    private static JsonNode actual;
    private static JsonNode actualDefaults;

    @BeforeAll
    static void captureARow() throws Exception {
        postgres = Postgres.start();
        try (Connection db = postgres.connect("postgres"); Statement sql = db.createStatement()) {
            sql.execute("SET IntervalStyle = iso_8601");
            sql.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')");
            sql.execute("CREATE TABLE wide (id int PRIMARY KEY, n_scaled numeric(10,2), n_free numeric, m money, "
                    + "d date, t6 time(6), t3 time(3), ttz timetz, ts6 timestamp(6), ts3 timestamp(3), "
                    + "tstz timestamptz, iv interval, j json, jb jsonb, u uuid, x xml, by bytea, ia int[], "
                    + "ta text[], e mood, b boolean, tx text, nl text, bits bit(3), f8 double precision, f4 real)");
            sql.execute("INSERT INTO wide VALUES (1, 12.30, 123456789012345678901234567890.000001, 1234.56, "
                    + "'2024-01-31', '12:34:56.789012', '12:34:56.789', '12:34:56.789+02', "
                    + "'2024-01-31 12:34:56.789012', '2024-01-31 12:34:56.78', '2024-01-31 12:34:56.789012+01', "
                    + "'1 day 02:03:04.5', '{\"b\": 1, \"a\": [1, 2.50, \"x\"]}', '{\"b\": {\"c\": null}, \"a\": true}', "
                    + "'8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11', '<a x=\"1\">ü</a>', '\\x0102ff', '{1,2,NULL}', "
                    + "'{a,ü}', 'happy', true, 'Grüße 🐘 \"quoted\" \\ back', NULL, B'101', 1.5, 0.25)");
            try (ResultSet rs = sql.executeQuery("SELECT to_jsonb(w)::text AS pg, n_free::text AS n_free_text, "
                    + "m::numeric AS m_numeric, extract(epoch FROM iv) * 1000000 AS iv_micros, bits::text AS bits_text, "
                    + "w.* FROM wide w")) {
                assertThat(rs.next()).isTrue();
                expected = MAPPER.readTree(rs.getString("pg"));
                Struct row = debeziumRow(rs);
                actual = MAPPER.readTree(new String(Render.converter("bytes.format", "postgres")
                        .fromConnectData("t", row.schema(), row), StandardCharsets.UTF_8));
                actualDefaults = MAPPER.readTree(new String(Render.converter()
                        .fromConnectData("t", row.schema(), row), StandardCharsets.UTF_8));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void columnsTheReadmeCallsSameAreEqualToToJsonb() {
        for (String column : List.of("id", "n_scaled", "n_free", "d", "t6", "t3", "ts6", "ts3", "iv", "j", "jb",
                "u", "x", "by", "ia", "ta", "e", "b", "tx", "nl", "bits", "f8", "f4")) {
            assertThat(expected.has(column)).as(column + " in to_jsonb").isTrue();
            assertThat(actual.get(column)).as(column + ": ours vs to_jsonb").isEqualTo(expected.get(column));
        }
        assertThat(actual.size()).isEqualTo(expected.size());
    }

    @Test
    void documentedDifferences() {
        // money: PostgreSQL writes a locale-formatted string, we the number.
        assertThat(expected.get("m").asText()).isEqualTo("$1,234.56");
        assertThat(actual.get("m").decimalValue()).isEqualTo(new BigDecimal("1234.56"));
        // timetz and timestamptz: Debezium normalizes to UTC, PostgreSQL writes the value's or session's offset.
        assertThat(expected.get("ttz").asText()).isEqualTo("12:34:56.789+02");
        assertThat(OffsetTime.parse(actual.get("ttz").asText())
                .isEqual(OffsetTime.parse(expected.get("ttz").asText() + ":00"))).isTrue();
        assertThat(actual.get("ttz").asText()).isEqualTo("10:34:56.789Z");
        assertThat(OffsetDateTime.parse(actual.get("tstz").asText())
                .isEqual(OffsetDateTime.parse(expected.get("tstz").asText()))).isTrue();
        assertThat(actual.get("tstz").asText()).isEqualTo("2024-01-31T11:34:56.789012Z");
        assertThat(expected.get("tstz").asText()).isEqualTo("2024-01-31T11:34:56.789012+00:00");
        // bytea: base64 by default; PostgreSQL's \x form with bytes.format=postgres (compared above).
        assertThat(actualDefaults.get("by").asText()).isEqualTo("AQL/");
        assertThat(expected.get("by").asText()).isEqualTo("\\x0102ff");
    }

    /** The row as Debezium's PostgreSQL connector encodes it with its default modes. */
    private static Struct debeziumRow(ResultSet rs) throws Exception {
        Schema bits = SchemaBuilder.bytes().name("io.debezium.data.Bits").version(1).parameter("length", "3")
                .optional().build();
        Schema schema = SchemaBuilder.struct().name("t.public.wide.Value")
                .field("id", Schema.INT32_SCHEMA)
                .field("n_scaled", Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build())
                .field("n_free", Render.variableScaleDecimal())
                .field("m", Decimal.builder(2).optional().build())
                .field("d", Render.debezium(Schema.Type.INT32, "io.debezium.time.Date"))
                .field("t6", Render.debezium(Schema.Type.INT64, "io.debezium.time.MicroTime"))
                .field("t3", Render.debezium(Schema.Type.INT32, "io.debezium.time.Time"))
                .field("ttz", Render.debezium(Schema.Type.STRING, "io.debezium.time.ZonedTime"))
                .field("ts6", Render.debezium(Schema.Type.INT64, "io.debezium.time.MicroTimestamp"))
                .field("ts3", Render.debezium(Schema.Type.INT64, "io.debezium.time.Timestamp"))
                .field("tstz", Render.debezium(Schema.Type.STRING, "io.debezium.time.ZonedTimestamp"))
                .field("iv", Render.debezium(Schema.Type.INT64, "io.debezium.time.MicroDuration"))
                .field("j", Render.debezium(Schema.Type.STRING, "io.debezium.data.Json"))
                .field("jb", Render.debezium(Schema.Type.STRING, "io.debezium.data.Json"))
                .field("u", Render.debezium(Schema.Type.STRING, "io.debezium.data.Uuid"))
                .field("x", Render.debezium(Schema.Type.STRING, "io.debezium.data.Xml"))
                .field("by", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("ia", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
                .field("ta", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                .field("e", SchemaBuilder.string().name("io.debezium.data.Enum").version(1)
                        .parameter("allowed", "sad,happy").optional().build())
                .field("b", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                .field("tx", Schema.OPTIONAL_STRING_SCHEMA)
                .field("nl", Schema.OPTIONAL_STRING_SCHEMA)
                .field("bits", bits)
                .field("f8", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("f4", Schema.OPTIONAL_FLOAT32_SCHEMA)
                .build();
        BigDecimal free = new BigDecimal(rs.getString("n_free_text"));
        LocalDateTime ts6 = rs.getObject("ts6", LocalDateTime.class);
        LocalDateTime ts3 = rs.getObject("ts3", LocalDateTime.class);
        String bitText = rs.getString("bits_text");
        BitSet bitSet = new BitSet();
        for (int i = 0; i < bitText.length(); i++) {
            if (bitText.charAt(bitText.length() - 1 - i) == '1') {
                bitSet.set(i);
            }
        }
        return new Struct(schema)
                .put("id", rs.getInt("id"))
                .put("n_scaled", rs.getBigDecimal("n_scaled"))
                .put("n_free", new Struct(schema.field("n_free").schema()).put("scale", free.scale())
                        .put("value", free.unscaledValue().toByteArray()))
                .put("m", rs.getBigDecimal("m_numeric"))
                .put("d", (int) rs.getObject("d", LocalDate.class).toEpochDay())
                .put("t6", rs.getObject("t6", LocalTime.class).toNanoOfDay() / 1000)
                .put("t3", (int) (rs.getObject("t3", LocalTime.class).toNanoOfDay() / 1_000_000))
                .put("ttz", rs.getObject("ttz", OffsetTime.class).withOffsetSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_OFFSET_TIME))
                .put("ts6", ts6.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + ts6.getNano() / 1000)
                .put("ts3", ts3.toInstant(ZoneOffset.UTC).toEpochMilli())
                .put("tstz", rs.getObject("tstz", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .put("iv", rs.getBigDecimal("iv_micros").longValueExact())
                .put("j", rs.getString("j"))
                .put("jb", rs.getString("jb"))
                .put("u", rs.getString("u"))
                .put("x", rs.getString("x"))
                .put("by", rs.getBytes("by"))
                .put("ia", Arrays.asList((Integer[]) rs.getArray("ia").getArray()))
                .put("ta", Arrays.asList((String[]) rs.getArray("ta").getArray()))
                .put("e", rs.getString("e"))
                .put("b", rs.getBoolean("b"))
                .put("tx", rs.getString("tx"))
                .put("nl", rs.getString("nl"))
                .put("bits", bitSet.toByteArray())
                .put("f8", rs.getDouble("f8"))
                .put("f4", rs.getFloat("f4"));
    }
}

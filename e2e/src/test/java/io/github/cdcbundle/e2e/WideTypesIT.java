package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table with a wide set of PostgreSQL column types through the real pipeline (Debezium with our converter, Kafka,
 * our S3 sink), one row captured by the snapshot and one by streaming: every column of the row in S3 must equal
 * PostgreSQL's own to_jsonb() of that row, except the columns converters/README.md lists as differing, which must
 * differ exactly as it says.
 */
class WideTypesIT {
    private static final String ROW = "(%d, 12.30, 123456789012345678901234567890.000001, 1234.56, '2024-01-31', "
            + "'12:34:56.789', '12:34:56.789012', '12:34:56.789+02', '2024-01-31 12:34:56.789', "
            + "'2024-01-31 12:34:56.789012', '2024-01-31 12:34:56.789012+01', '1 day 02:03:04.5', "
            + "'{\"b\": 1, \"a\": [1, 2.50, \"x\"]}', '{\"b\": {\"c\": null}, \"a\": true}', "
            + "'8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11', '<a x=\"1\">ü</a>', '\\x0102ff', '{1,2,NULL}', '{a,ü}', "
            + "'happy', true, 'Grüße 🐘 \"quoted\" \\ back', NULL, 1.5, 0.25, "
            // intervals: beyond what microseconds since nothing can hold, negative with mixed signs, a fraction that
            // Java 17's double text gets wrong, months that must not become days; and an oid beyond int4
            + "'178000000 years', '-178000000 years -11 mons -3 days -04:05:06.789', '-00:00:59.019482', "
            + "'1 mon 2 days 00:00:00.000001', 4294967295, "
            // two-dimensional arrays, carried as JSON (arrays.json.columns)
            + "'{{1,2},{3,NULL}}', '{{a,\"b c\"},{ü,NULL}}', "
            // one-dimensional arrays of the other element types PostgresArrays takes over from Debezium
            + "'{12.30,NULL}', '{1.5,123456789012345678901234567890.000001,-0.000001,NULL}', "
            + "'{2024-01-31,NULL,1969-12-31}', '{\"2024-01-31 12:34:56.789\"}', "
            + "'{\"2024-01-31 12:34:56.789012\",NULL}', "
            + "'{\"2024-01-31 12:34:56.789012+01\",\"1999-12-31 23:59:59.5-08\",NULL}', "
            + "'{8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11,NULL}', ARRAY['{\"a\": [1, 2.50]}'::json, NULL], "
            + "ARRAY['{\"b\": {\"c\": null}, \"a\": true}'::jsonb, NULL], ARRAY['\\x0102ff'::bytea, NULL], "
            + "'{10.0.0.1,192.168.0.0/24,NULL}', '{\"[1,3)\",empty,NULL}', '{12:34:56.789,NULL}', "
            + "'{12:34:56.789012,NULL}', "
            // an array type Debezium has no schema for (it would leave the column out), carried by PostgresArrays
            + "'{\"1 day\"}')";

    @TempDir
    static Path work;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.start(Pipeline.Layout.forTests(work), "public.wide", List.of(
                        "CREATE TYPE mood AS ENUM ('sad', 'happy')",
                        "CREATE TABLE public.wide (id int PRIMARY KEY, n_scaled numeric(10,2), n_free numeric, "
                                + "m money, d date, t3 time(3), t6 time(6), ttz timetz, ts3 timestamp(3), "
                                + "ts6 timestamp(6), tstz timestamptz, iv interval, j json, jb jsonb, u uuid, x xml, "
                                + "by bytea, ia int[], ta text[], e mood, b boolean, tx text, nl text, "
                                + "f8 double precision, f4 real, iv_huge interval, iv_neg interval, "
                                + "iv_frac interval, iv_mon interval, o oid, ia2 int[][], ta2 text[][], "
                                + "na_s numeric(10,2)[], na_f numeric[], da date[], tsa3 timestamp(3)[], "
                                + "tsa6 timestamp(6)[], tstza timestamptz[], ua uuid[], ja json[], jba jsonb[], "
                                + "bya bytea[], ineta inet[], ra int4range[], tma3 time(3)[], tma6 time(6)[], "
                                + "iva interval[])",
                        "INSERT INTO public.wide VALUES " + String.format(ROW, 1)));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void snapshotAndStreamedRowsEqualPostgresToJsonb() throws Exception {
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        // PostgresArrays reproduces Debezium's element schemas for these settings (debezium-converters/README.md)
        JsonNode shipped = S3Rows.JSON.readTree(connectors.resolve("debezium-postgres.json").toFile()).get("config");
        assertThat(shipped.get("decimal.handling.mode").asText()).isEqualTo("precise");
        assertThat(shipped.has("time.precision.mode")).as("time.precision.mode left at adaptive").isFalse();
        assertThat(shipped.has("binary.handling.mode")).as("binary.handling.mode left at bytes").isFalse();
        pipeline.register(ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                .with(Map.of("poll.interval.ms", "50",
                        "arrays.json.columns", "public\\.wide\\.(ia2|ta2)")));
        pipeline.register(ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("rotate.schedule.interval.ms", "1000")));
        pipeline.postgres.execute(Pipeline.DATABASE, "INSERT INTO public.wide VALUES " + String.format(ROW, 2));

        String topic = pipeline.topic("wide");
        List<S3Rows.Row> rows = S3Rows.await(pipeline, topic, 2);
        Map<Integer, JsonNode> postgres = toJsonb();
        assertThat(rows).extracting(r -> r.value().get("__op").asText()).containsExactlyInAnyOrder("r", "c");
        for (S3Rows.Row row : rows) {
            JsonNode ours = row.value();
            int id = ours.get("id").asInt();
            JsonNode pg = postgres.get(id);
            String op = ours.get("__op").asText();
            for (String same : List.of("id", "n_scaled", "n_free", "d", "t3", "t6", "ts3", "ts6", "iv", "jb", "u", "x",
                    "ia", "ta", "e", "b", "tx", "nl", "f8", "f4", "j", "iv_huge", "iv_neg", "iv_frac",
                    "iv_mon", "ia2", "ta2", "na_s", "na_f", "da", "tsa3", "tsa6", "ua", "ja", "jba", "ineta", "ra", "tma3", "tma6",
                    // Debezium leaves an interval[] column out; PostgresArrays carries it as iso_8601 texts
                    "iva")) {
                assertThat(ours.get(same)).as(op + " row, column " + same).isEqualTo(pg.get(same));
            }
            // the documented differences
            assertThat(ours.get("m").decimalValue()).as("money as a number")
                    .isEqualByComparingTo(pg.get("m_numeric").decimalValue());
            assertThat(OffsetDateTime.parse(ours.get("tstz").asText()).toInstant()).as("timestamptz instant")
                    .isEqualTo(OffsetDateTime.parse(pg.get("tstz").asText()).toInstant());
            assertThat(ours.get("ttz").asText()).as("timetz normalized to UTC").isEqualTo("10:34:56.789Z");
            assertThat(Base64.getDecoder().decode(ours.get("by").asText())).as("bytea as base64")
                    .containsExactly(0x01, 0x02, 0xff);
            assertThat(ours.get("tstza")).as("timestamptz[]").hasSize(3);
            for (int i = 0; i < 2; i++) {
                assertThat(OffsetDateTime.parse(ours.get("tstza").get(i).asText()).toInstant()).as("timestamptz[] instant")
                        .isEqualTo(OffsetDateTime.parse(pg.get("tstza").get(i).asText()).toInstant());
            }
            assertThat(ours.get("tstza").get(2).isNull()).as("timestamptz[] null element").isTrue();
            assertThat(ours.get("bya")).as("bytea[]").hasSize(2);
            assertThat(Base64.getDecoder().decode(ours.get("bya").get(0).asText())).as("bytea[] as base64")
                    .containsExactly(0x01, 0x02, 0xff);
            assertThat(ours.get("bya").get(1).isNull()).as("bytea[] null element").isTrue();
            assertThat(ours.get("o").isIntegralNumber()).as("oid as a number").isTrue();
            assertThat(ours.get("o").asLong()).as("oid").isEqualTo(Long.parseLong(pg.get("o").asText()));
        }

        // A two-dimensional value in an array column not carried as JSON stops the source, naming the column,
        // instead of arriving as [null, null] (PostgresArraysTest fails one of every element type it takes over)
        pipeline.postgres.execute(Pipeline.DATABASE, "INSERT INTO public.wide (id, na_f) VALUES (3, '{{1.5},{2.5}}')");
        String failure = pipeline.awaitFailure("debezium-postgres", Duration.ofSeconds(60));
        assertThat(failure).contains("Failed to properly convert data value for 'public.wide.na_f' of type _numeric")
                .contains("Column public.wide.na_f (_numeric) holds an array of 2 dimensions, which its "
                        + "one-dimensional array schema cannot carry");
        assertThat(S3Rows.rows(pipeline.s3, topic)).as("no row with the nulled array").hasSize(2);
    }

    /** to_jsonb() of each row, in PostgreSQL's ISO-8601 interval style, plus money as a number. */
    private static Map<Integer, JsonNode> toJsonb() throws Exception {
        Map<Integer, JsonNode> rows = new HashMap<>();
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement()) {
            s.execute("SET IntervalStyle = iso_8601");
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery("SELECT w.id, to_jsonb(w) || jsonb_build_object('m_numeric', "
                    + "w.m::numeric, 'j', w.j::jsonb) AS doc FROM public.wide w")) {
                while (rs.next()) {
                    rows.put(rs.getInt(1), S3Rows.JSON.readTree(rs.getString(2)));
                }
            }
        }
        return rows;
    }
}

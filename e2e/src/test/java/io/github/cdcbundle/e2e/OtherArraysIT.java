package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The array types PostgresArrays carries as text (debezium-converters/README.md): without it Debezium nulls their
 * sub-arrays (enum, timetz, extension, domain and composite arrays) or leaves the whole column out (interval, money,
 * xml, name, varbit, point, box), and the string-element arrays whose JSON it reads from the same text (inet, ranges,
 * "char"). Each kind in a one-dimensional column (the shipped list of texts, or Debezium's schema) and a
 * two-dimensional one (json.columns), in a row the snapshot reads and one streamed, must reach S3 equal to
 * PostgreSQL's to_jsonb() of the column, or of the column cast to text[] where to_jsonb() writes the element as
 * something other than its text; a two-dimensional value in a list column stops the source, naming the column.
 */
class OtherArraysIT {
    /** Each kind: its column type and a one- and a two-dimensional value. */
    private record Kind(String column, String type, String oneDimension, String twoDimensions) {
    }

    /** An interval from the row number i: components of either sign, the hours at times beyond 2^30. */
    private static final String GENERATED_INTERVAL = "make_interval(years => hashint4(i) % 3000, "
            + "months => hashint4(i + 1) % 12, days => hashint4(i + 2) % 400, "
            + "hours => CASE WHEN i % 10 = 0 THEN hashint4(i + 3) ELSE hashint4(i + 3) % 30 END, "
            + "mins => hashint4(i + 4) % 60, secs => (hashint4(i + 5) % 60000000) / 1000000.0)";
    /** A text from the row number i, of braces, commas, quotes, backslashes, spaces, NULL, tabs and non-ASCII. */
    private static final String GENERATED_TEXT = "CASE WHEN i % 17 = 0 THEN NULL WHEN i % 13 = 0 THEN '' "
            + "ELSE (SELECT string_agg(substr(E'{},\"\\\\ aNULLü🐘\\t', 1 + abs(hashint4(i * 31 + j)) % 14, "
            + "1 + abs(hashint4(i * 7 + j)) % 3), '') FROM generate_series(1, 1 + i % 6) j) END";

    private static final List<Kind> KINDS = List.of(
            new Kind("en", "mood[]", "'{happy,NULL,sad}'", "'{{happy,sad},{NULL,happy}}'"),
            new Kind("tz", "timetz[]", "'{12:34:56.789+02,00:00:00-05:30,NULL}'",
                    "'{{12:34:56.789012+02,23:59:59+00},{NULL,24:00:00-01}}'"),
            new Kind("iv", "interval[]", "'{\"1 year 2 mons 3 days 04:05:06.78\",\"-178000000 years -11 mons -3 days "
                    + "-04:05:06.789\",-00:00:59.019482,00:00:00,NULL}'",
                    "'{{\"1 day\",\"-1 days +02:03:04\"},{NULL,\"1 mon 00:00:00.000001\"}}'"),
            new Kind("mo", "money[]", "'{1234.56,-0.01,NULL}'", "'{{1,2},{NULL,3.5}}'"),
            new Kind("xm", "xml[]", "ARRAY['<a x=\"1\">ü</a>'::xml, NULL]",
                    "ARRAY[['<a/>'::xml, '<b>\"q\"</b>'::xml], [NULL, '<c>,{}</c>'::xml]]"),
            new Kind("nm", "name[]", "'{pg_catalog,\"with space\",NULL}'", "'{{a,b},{c,NULL}}'"),
            new Kind("vb", "varbit[]", "ARRAY[B'101', B'', NULL]", "'{{1,0},{NULL,1111}}'"),
            new Kind("pt", "point[]", "'{\"(1,2)\",\"(-1.5,3e-05)\",NULL}'", "'{{\"(1,2)\",\"(3,4)\"},{NULL,\"(0,0)\"}}'"),
            new Kind("bx", "box[]", "ARRAY[box '(1,1),(0,0)', NULL]",
                    "ARRAY[[box '(1,1),(0,0)', box '(2,2),(1,1)'], [NULL, box '(0,0),(0,0)']]"),
            new Kind("ci", "citext[]", "'{Abc,\"x, y\",NULL}'", "'{{a,B},{NULL,\"\\\"q\\\"\"}}'"),
            new Kind("hs", "hstore[]", "ARRAY['a=>1, b=>NULL'::hstore, NULL]",
                    "ARRAY[['a=>1'::hstore, ''::hstore], [NULL, '\"k,\"=>\"v}\"'::hstore]]"),
            new Kind("lt", "ltree[]", "'{a.b,Top.Child_1,NULL}'", "'{{a,b.c},{NULL,d}}'"),
            new Kind("dm", "posint[]", "'{1,2,NULL}'", "'{{1,2},{3,NULL}}'"),
            new Kind("cp", "pair[]", "ARRAY[ROW(1, 'b c')::pair, ROW(NULL, NULL)::pair, NULL]",
                    "ARRAY[[ROW(1, 'x')::pair, ROW(2, '\"q\"')::pair], [NULL, ROW(3, NULL)::pair]]"),
            new Kind("dl", "int_list", "'{1,2,NULL}'", "'{{1,2},{3,NULL}}'"),
            // generated: intervals with every component's sign mixed, up to 2^31 hours and microsecond fractions,
            // and texts of the characters array text must quote or escape
            new Kind("ig", "interval[]", "(SELECT array_agg(" + GENERATED_INTERVAL + ") FROM generate_series(1, 500) i)",
                    "(SELECT array_agg(ARRAY[" + GENERATED_INTERVAL + ", NULL]) FROM generate_series(1, 200) i)"),
            new Kind("cg", "citext[]", "(SELECT array_agg(" + GENERATED_TEXT + ") FROM generate_series(1, 500) i)",
                    "(SELECT array_agg(ARRAY[" + GENERATED_TEXT + ", 'x']) FROM generate_series(1, 200) i)"),
            // Debezium's schema for one dimension; JSON read from the text as for the kinds above
            new Kind("in", "inet[]", "'{10.0.0.1,192.168.0.0/24,NULL}'", "'{{10.0.0.1,NULL},{::1,10.0.0.0/8}}'"),
            new Kind("rg", "int4range[]", "'{\"[1,3)\",empty,NULL}'", "'{{\"[1,3)\",empty},{NULL,\"[5,)\"}}'"),
            new Kind("ch", "\"char\"[]", "'{a,\",\",NULL}'", "'{{a,b},{NULL,\"\\\\\"}}'"));
    /** Where to_jsonb() writes the element as something other than its text: compared with to_jsonb(c::text[]). */
    private static final List<String> AS_TEXT = List.of("hs", "dm", "cp", "dl");

    @TempDir
    static Path work;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() {
        StringBuilder columns = new StringBuilder("id int PRIMARY KEY");
        for (Kind kind : KINDS) {
            columns.append(", ").append(kind.column()).append("1 ").append(kind.type())
                    .append(", ").append(kind.column()).append("2 ").append(kind.type());
        }
        pipeline = Pipeline.start(Pipeline.Layout.forTests(work), "public.arrays", List.of(
                "CREATE EXTENSION citext", "CREATE EXTENSION hstore", "CREATE EXTENSION ltree",
                "CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE DOMAIN posint AS int CHECK (VALUE > 0)",
                "CREATE DOMAIN int_list AS int[]",
                "CREATE TYPE pair AS (a int, b text)",
                "CREATE TABLE public.arrays (" + columns + ")",
                insert(1)));
    }

    private static String insert(int id) {
        StringBuilder values = new StringBuilder("INSERT INTO public.arrays VALUES (" + id);
        for (Kind kind : KINDS) {
            values.append(", ").append(kind.oneDimension()).append(", ").append(kind.twoDimensions());
        }
        return values.append(")").toString();
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyKindSnapshotAndStreamedEqualsPostgres() throws Exception {
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        // Deviations from the shipped files, for speed only: the source polls every 50 ms (shipped 500) and
        // the sink closes objects every second (shipped 60 s); what is under test is each value, not timing.
        pipeline.register(ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                .with(Map.of("poll.interval.ms", "50", "arrays.json.columns", "public\\.arrays\\..*2")));
        pipeline.register(ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("rotate.schedule.interval.ms", "1000")));
        pipeline.postgres.execute(Pipeline.DATABASE, insert(2));

        String topic = pipeline.topic("arrays");
        List<S3Rows.Row> rows = S3Rows.await(pipeline, topic, 2);
        Map<Integer, JsonNode> postgres = postgres();
        assertThat(rows).extracting(r -> r.value().get("__op").asText()).containsExactlyInAnyOrder("r", "c");
        for (S3Rows.Row row : rows) {
            JsonNode ours = row.value();
            JsonNode pg = postgres.get(ours.get("id").asInt());
            String op = ours.get("__op").asText();
            for (Kind kind : KINDS) {
                for (String column : List.of(kind.column() + "1", kind.column() + "2")) {
                    String expected = AS_TEXT.contains(kind.column()) ? column + "_text" : column;
                    assertThat(pg.get(expected)).as("PostgreSQL's " + expected).isNotNull();
                    assertThat(pg.get(expected).get(0).isArray()).as(expected + " dimensions")
                            .isEqualTo(column.endsWith("2"));
                    assertThat(ours.get(column)).as(op + " row, " + kind.type() + " column " + column)
                            .isEqualTo(pg.get(expected));
                }
            }
        }

        // a two-dimensional value in a column carried as a list of texts stops the source instead of [null, null]
        pipeline.postgres.execute(Pipeline.DATABASE,
                "INSERT INTO public.arrays (id, en1) VALUES (3, '{{happy},{sad}}')");
        String failure = pipeline.awaitFailure("debezium-postgres", Duration.ofSeconds(60));
        assertThat(failure).contains("Column public.arrays.en1 (_mood) holds an array of 2 dimensions, which its "
                + "one-dimensional array schema cannot carry");
        assertThat(S3Rows.rows(pipeline.s3, topic)).as("no row with the nulled array").hasSize(2);
    }

    /** to_jsonb() of each row (intervals in the iso_8601 style), plus each AS_TEXT column cast to text[]. */
    private static Map<Integer, JsonNode> postgres() throws Exception {
        StringBuilder texts = new StringBuilder();
        for (String column : AS_TEXT) {
            for (String suffix : List.of("1", "2")) {
                texts.append(texts.isEmpty() ? "" : ", ").append("'").append(column).append(suffix).append("_text', ")
                        .append("a.").append(column).append(suffix).append("::text[]");
            }
        }
        Map<Integer, JsonNode> rows = new HashMap<>();
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement()) {
            s.execute("SET IntervalStyle = iso_8601");
            try (ResultSet rs = s.executeQuery("SELECT a.id, to_jsonb(a) || jsonb_build_object(" + texts
                    + ") AS doc FROM public.arrays a")) {
                while (rs.next()) {
                    rows.put(rs.getInt(1), S3Rows.JSON.readTree(rs.getString(2)));
                }
            }
        }
        return rows;
    }
}

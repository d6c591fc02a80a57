package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdcbundle.testkit.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 3 through the real pipeline: PostgreSQL -> Debezium with the schema header on -> Kafka -> our S3 sink
 * with format=parquet -> S3, read back by a real SQL engine (DuckDB's JDBC driver). The sink's Parquet path had only
 * been tested with hand-built schemas; here the schemas are the ones Debezium, our flatten/RDS transforms and the
 * converter's header round trip really produce.
 *
 * <p>Test-only overrides of the connector files: Debezium polls every 50 ms, and the sink uploads every second
 * (rotate.schedule.interval.ms) instead of every minute, so a handful of rows reaches S3 within seconds instead of
 * waiting for flush.size or the shipped minute.
 */
class ParquetPipelineIT {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String TABLE = "typed";
    private static final String KEY_PATTERN =
            "cdc/%1$s/year=\\d{4}/month=\\d{2}/day=\\d{2}/hour=\\d{2}/%1$s\\+0\\+\\d{10}\\.parquet";
    /** The type DuckDB must report for each column: the type an analyst expects for the PostgreSQL type. */
    private static final Map<String, String> DUCKDB_TYPES = new LinkedHashMap<>();

    static {
        column("id", "BIGINT");
        column("amount", "DECIMAL(12,2)");
        column("paid_at", "TIMESTAMP WITH TIME ZONE");
        column("local_at", "TIMESTAMP");
        column("due", "DATE");
        column("doc", "JSON");
        column("tags", "INTEGER[]");
        column("name", "VARCHAR");
        column("active", "BOOLEAN");
        column("qty", "BIGINT");
        column("span", "VARCHAR");
    }

    private static void column(String name, String duckDbType) {
        DUCKDB_TYPES.put(name, duckDbType);
    }

    @TempDir
    static Path work;
    private static Pipeline pipeline;

    @BeforeAll
    static void start() {
        pipeline = Pipeline.start(Pipeline.Layout.forTests(work), "public." + TABLE, List.of(
                TypedTable.CREATE,
                // as PipelineIT: deletes carry the whole old row, so NOT NULL columns are not null in a delete
                "ALTER TABLE public.typed REPLICA IDENTITY FULL",
                "INSERT INTO public.typed VALUES "
                        + "(1, 10.50, '2024-01-31 12:34:56.789012+01', '2024-01-31 12:34:56.789012', '2024-01-31', "
                        + "'{\"b\": 1, \"a\": [1, 2.50, \"x\"], \"n\": null}', '{1,2,NULL}', 'Ann', true, "
                        + "9007199254740993, '1 year 2 mons 3 days 04:05:06.5'), "
                        + "(2, 0.00, '1999-12-31 23:59:59.5-08', '1999-12-31 23:59:59', '1999-12-31', '[]', '{}', "
                        + "'Bob', false, -1, '-00:00:59.019482'), "
                        + "(3, NULL, NULL, NULL, NULL, NULL, NULL, 'Chloé ✓', NULL, NULL, NULL)"));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void snapshotAndStreamedRowsReachParquetTypedAndEqualToPostgres() throws Exception {
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        // Only values are written as Parquet (the sink's key.converter is StringConverter), so only the value
        // converter needs the header; the key stays as the shipped file has it.
        pipeline.register(ConnectorFiles.read(connectors.resolve("debezium-postgres.json"))
                .with(Map.of("poll.interval.ms", "50", "value.converter.schema.header", "true")));
        pipeline.register(ConnectorFiles.read(connectors.resolve("s3-sink.json"))
                .with(Map.of("format", "parquet", "rotate.schedule.interval.ms", "1000")));
        String topic = pipeline.topic(TABLE);

        // the snapshot first, so the changes below are streamed rather than read by the snapshot
        awaitRows(topic, 3);
        pipeline.postgres.execute(Pipeline.DATABASE,
                "INSERT INTO public.typed VALUES (4, 1234567890.12, '2024-06-30 23:59:59.999999+00', "
                        + "'2024-06-30 23:59:59.999999', '2024-06-30', '{\"nested\": {\"ü\": [true, false]}}', "
                        + "'{-2147483648,2147483647}', 'Dan \"quoted\" \\ back', true, 0, '178000000 years')",
                "INSERT INTO public.typed VALUES (5, -0.01, '1970-01-01 00:00:00+00', '1970-01-01 00:00:00', "
                        + "'1970-01-01', 'null', '{NULL}', 'Eve', NULL, 5, '1 mon')",
                "UPDATE public.typed SET amount = 11.75, paid_at = '2024-02-01 00:00:00.000001+05:30', "
                        + "doc = NULL, tags = '{7}', active = NULL, "
                        + "span = '-1 years -2 mons +3 days -04:05:06.789' WHERE id = 1",
                "DELETE FROM public.typed WHERE id = 2");
        Path files = awaitRows(topic, 7);

        assertThat(S3Rows.keys(pipeline.s3, topic)).isNotEmpty()
                .allMatch(k -> k.matches(String.format(KEY_PATTERN, topic.replace(".", "\\."))),
                        "key in <topic>/year=/month=/day=/hour=/ folders ending in .parquet");

        Map<String, String> types = new LinkedHashMap<>();
        for (List<Object> row : duckDb("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
                + parquet(files) + ")", 2)) {
            types.put((String) row.get(0), (String) row.get(1));
        }
        assertThat(types).as("DuckDB's types of the pipeline's Parquet columns").containsAllEntriesOf(DUCKDB_TYPES)
                .containsEntry("__deleted", "BOOLEAN").containsEntry("__lsn", "BIGINT")
                .containsEntry("__commit_ts_ms", "TIMESTAMP WITH TIME ZONE");
        assertThat(new ArrayList<>(types.keySet()).subList(0, TypedTable.COLUMNS.size()))
                .as("table columns first, in order")
                .containsExactlyElementsOf(TypedTable.COLUMNS.keySet());

        assertThat(duckDb("SELECT __op, count(*) FROM " + parquet(files) + " GROUP BY __op ORDER BY __op", 2))
                .as("each change once: 3 snapshot reads, 2 inserts, 1 update, 1 delete")
                .containsExactly(List.of("c", 2L), List.of("d", 1L), List.of("r", 3L), List.of("u", 1L));

        // The newest row per key: streamed changes by LSN, after the snapshot's reads (which share one LSN).
        String newest = "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY id ORDER BY __op = 'r', "
                + "__lsn DESC) AS rn FROM " + parquet(files) + ") WHERE rn = 1";
        assertThat(duckDb("SELECT id, __op, __deleted FROM (" + newest + ") ORDER BY id", 3))
                .as("newest change per key; only the deleted key is flagged")
                .containsExactly(List.of(1L, "u", false), List.of(2L, "d", true), List.of(3L, "r", false),
                        List.of(4L, "c", false), List.of(5L, "c", false));
        assertThat(duckDb("SELECT id FROM " + parquet(files) + " WHERE __deleted AND __op <> 'd'", 1))
                .as("__deleted only on deletes").isEmpty();

        Map<Long, Map<String, Object>> lake = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(newest + " AND NOT __deleted")) {
            while (rs.next()) {
                lake.put(rs.getLong("id"), TypedTable.read(rs));
            }
        }
        Map<Long, Map<String, Object>> postgres = new HashMap<>();
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement()) {
            s.execute("SET IntervalStyle = iso_8601");
            try (ResultSet rs = s.executeQuery("SELECT * FROM public.typed")) {
                while (rs.next()) {
                    postgres.put(rs.getLong("id"), TypedTable.read(rs));
                }
            }
        }
        assertThat(lake.keySet()).as("keys of the current state").isEqualTo(postgres.keySet());
        // The documented difference (converters/README.md, Schema header): a jsonb holding the JSON value null is
        // rendered as a JSON null like a NULL column, so the sink reads it back as NULL.
        assertThat(postgres.get(5L).get("doc")).as("PostgreSQL's typed[5].doc is the JSON value null")
                .isEqualTo(TypedTable.json("null"));
        assertThat(lake.get(5L).get("doc")).as("the lake's typed[5].doc is NULL").isNull();
        for (Map.Entry<Long, Map<String, Object>> row : postgres.entrySet()) {
            for (String column : TypedTable.COLUMNS.keySet()) {
                Object expected = row.getValue().get(column);
                if (expected instanceof JsonNode node && node.isNull()) {
                    expected = null;
                }
                // isEqualTo, not by comparison: a decimal's scale must survive too (10.50, not 10.5)
                assertThat(lake.get(row.getKey()).get(column)).as(TABLE + "[" + row.getKey() + "]." + column)
                        .isEqualTo(expected);
            }
        }
    }

    /**
     * Polls until the Parquet objects of the topic hold exactly {@code expected} rows, failing if more ever appear or
     * a connector fails; returns the folder the objects were downloaded to (DuckDB reads local files offline).
     */
    private static Path awaitRows(String topic, int expected) {
        return Poll.until(expected + " rows of " + topic + " in S3's Parquet objects", DEADLINE, () -> {
            pipeline.rest().assertNotFailed("debezium-postgres");
            pipeline.rest().assertNotFailed("s3-sink");
            List<String> keys = S3Rows.keys(pipeline.s3, topic);
            if (keys.isEmpty()) {
                return null;
            }
            Path folder = download(keys);
            long rows = (Long) duckDb("SELECT count(*) FROM " + parquet(folder), 1).get(0).get(0);
            assertThat(rows).as("rows of " + topic).isLessThanOrEqualTo(expected);
            return rows == expected ? folder : null;
        });
    }

    /** A fresh folder per look, so an object seen earlier cannot stand in for what S3 holds now. */
    private static Path download(List<String> keys) {
        try {
            Path folder = Files.createTempDirectory(work, "objects");
            for (String key : keys) {
                Files.write(folder.resolve(key.substring(key.lastIndexOf('/') + 1)),
                        pipeline.s3.get(Pipeline.BUCKET, key));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String parquet(Path folder) {
        return "read_parquet('" + folder.resolve("*.parquet") + "')";
    }

    private static List<List<Object>> duckDb(String sql, int columns) {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB: " + sql, e);
        }
        return rows;
    }
}

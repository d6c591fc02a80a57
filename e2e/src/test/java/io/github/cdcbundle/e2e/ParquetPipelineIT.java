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
        List<String> setup = new ArrayList<>(List.of(
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
        setup.addAll(WideParquetTable.create());
        setup.addAll(WideParquetTable.insert(1, WideParquetTable.A));
        setup.addAll(WideParquetTable.insert(2, WideParquetTable.B));
        setup.addAll(WideParquetTable.insert(3, WideParquetTable.N));
        pipeline = Pipeline.start(Pipeline.Layout.forTests(work), "public." + TABLE + ",public." + WideParquetTable.TABLE,
                setup);
        Path connectors = Path.of(System.getProperty("cdc.connectors"));
        // The shipped files with the profile users are told to apply for Parquet (connectors/README.md): only values
        // are written as Parquet (the sink's key.converter is StringConverter), so only the value converter needs the
        // header. Faster polls and uploads than shipped keep the test short; they change no value.
        ConnectorFiles.Profile parquet = ConnectorFiles.profile(connectors.resolve("profiles/parquet.json"));
        pipeline.register(parquet.applyTo(ConnectorFiles.read(connectors.resolve("debezium-postgres.json")))
                .with(Map.of("poll.interval.ms", "50")));
        pipeline.register(parquet.applyTo(ConnectorFiles.read(connectors.resolve("s3-sink.json")))
                .with(Map.of("rotate.schedule.interval.ms", "1000")));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void snapshotAndStreamedRowsReachParquetTypedAndEqualToPostgres() throws Exception {
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

        Map<String, String> types = columnTypes(parquet(files));
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
     * The wide table: every column type DuckDB reads as the README's type table says, every snapshot read and insert
     * equal to the row as inserted, the current state equal to PostgreSQL's table, and an ADD COLUMN mid-stream (in
     * the same transaction as changes before and after it) cutting the objects: changes before it in objects without
     * the new columns, changes after it in new objects with them.
     */
    @Test
    void aWideTableOfPostgresTypesReachesParquetTypedAndEqualBeforeAndAfterAddColumn() throws Exception {
        String topic = pipeline.topic(WideParquetTable.TABLE);
        awaitRows(topic, 3);
        // streamed: the snapshot's values again under new keys, then an update and a delete
        List<String> streamed = new ArrayList<>(WideParquetTable.insert(4, WideParquetTable.A));
        streamed.addAll(WideParquetTable.insert(5, WideParquetTable.B));
        streamed.addAll(WideParquetTable.insert(6, WideParquetTable.N));
        streamed.add("UPDATE public.wide SET tstz = '2024-06-30 23:59:59.999999+05:30', n38 = -0.0000000001, "
                + "f8 = '-Infinity', ta = '{\"\"}', by = '\\x00', ttz = '00:00:00.000001+14' WHERE id = 1");
        streamed.add("DELETE FROM public.wide WHERE id = 2");
        pipeline.postgres.execute(Pipeline.DATABASE, streamed.toArray(new String[0]));
        long alterLsn;
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("UPDATE public.wide SET tx = 'before' WHERE id = 5");
            try (ResultSet rs = s.executeQuery("SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint")) {
                rs.next();
                alterLsn = rs.getLong(1);
            }
            List<String> changes = new ArrayList<>(WideParquetTable.addColumns());
            changes.addAll(WideParquetTable.insert(7, WideParquetTable.A + ", -12345.678, 'seven'"));
            changes.addAll(WideParquetTable.insert(8, WideParquetTable.N));
            changes.add("UPDATE public.wide SET n_added = 0.5, label = 'four' WHERE id = 4");
            changes.add("UPDATE public.wide SET tx = 'after' WHERE id = 6");
            for (String sql : changes) {
                s.execute(sql);
            }
            c.commit();
        }
        Path files = awaitRows(topic, 13);
        List<WideParquetTable.Column> all = WideParquetTable.all();

        Map<String, String> types = columnTypes(parquet(files));
        for (WideParquetTable.Column column : all) {
            assertThat(types.get(column.name())).as("DuckDB's type of wide." + column.name() + " (" + column.postgres()
                    + ")").isEqualTo(column.duckDb());
        }
        assertThat(new ArrayList<>(types.keySet()).subList(0, WideParquetTable.COLUMNS.size()))
                .as("table columns first, in order").containsExactlyElementsOf(
                        WideParquetTable.COLUMNS.stream().map(WideParquetTable.Column::name).toList());
        assertThat(duckDb("SELECT __op, count(*) FROM " + parquet(files) + " GROUP BY __op ORDER BY __op", 2))
                .as("each change once: 3 snapshot reads, 5 inserts, 4 updates, 1 delete")
                .containsExactly(List.of("c", 5L), List.of("d", 1L), List.of("r", 3L), List.of("u", 4L));

        // One schema per object: a change before the ADD COLUMN is in an object without the new columns, a change
        // after it in an object with them (in the table's order, before the metadata columns).
        Map<String, Boolean> withAdded = new HashMap<>();
        List<String> after = new ArrayList<>();
        for (List<Object> change : duckDb("SELECT filename, id, __op, __lsn FROM read_parquet('"
                + files.resolve("*.parquet") + "', union_by_name = true, filename = true) ORDER BY __lsn", 4)) {
            String object = (String) change.get(0);
            boolean added = withAdded.computeIfAbsent(object, o -> {
                List<String> names = new ArrayList<>(columnTypes("read_parquet('" + o + "')").keySet());
                boolean has = names.contains("label");
                if (has) {
                    assertThat(names.subList(0, all.size())).as("columns of " + o)
                            .containsExactlyElementsOf(all.stream().map(WideParquetTable.Column::name).toList());
                }
                return has;
            });
            String name = change.get(1) + "/" + change.get(2);
            boolean afterAlter = (Long) change.get(3) > alterLsn;
            assertThat(added).as("change " + name + (afterAlter ? " after" : " before") + " the ADD COLUMN, in "
                    + object).isEqualTo(afterAlter);
            if (afterAlter) {
                after.add(name);
            }
        }
        assertThat(after).as("the changes after the ADD COLUMN").containsExactlyInAnyOrder("7/c", "8/c", "4/u", "6/u");
        assertThat(withAdded).as("objects without and with the new columns").containsValues(false, true);

        // every snapshot read and insert equals the row as inserted (objects before the ADD COLUMN: their columns)
        Map<Long, Map<String, Object>> inserted = postgresRows(WideParquetTable.INSERTED, all);
        assertThat(WideParquetTable.COLUMNS).as("row A, read from PostgreSQL: no column reads as null")
                .allSatisfy(column -> assertThat(inserted.get(1L).get(column.name())).as(column.name()).isNotNull());
        int compared = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + parquet(files) + " WHERE __op IN ('r', 'c')")) {
            while (rs.next()) {
                long id = rs.getLong("id");
                boolean afterAlter = rs.getLong("__lsn") > alterLsn;
                String change = "wide[" + id + "] " + rs.getString("__op");
                assertSameValues(change, WideParquetTable.read(rs, all), inserted.get(id),
                        afterAlter ? all : WideParquetTable.COLUMNS);
                compared++;
            }
        }
        assertThat(compared).as("snapshot reads and inserts compared").isEqualTo(8);

        // The current state: the newest change per key, by name over every object, equals PostgreSQL's table.
        String newest = "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY id ORDER BY __op = 'r', "
                + "__lsn DESC) AS rn FROM " + parquet(files) + ") WHERE rn = 1 AND NOT __deleted";
        Map<Long, Map<String, Object>> lake = new HashMap<>();
        Map<Long, Long> lsn = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(newest)) {
            while (rs.next()) {
                lake.put(rs.getLong("id"), WideParquetTable.read(rs, all));
                lsn.put(rs.getLong("id"), rs.getLong("__lsn"));
            }
        }
        Map<Long, Map<String, Object>> postgres = postgresRows(WideParquetTable.TABLE, all);
        assertThat(lake.keySet()).as("keys of the current state").isEqualTo(postgres.keySet());
        for (Map.Entry<Long, Map<String, Object>> row : postgres.entrySet()) {
            long id = row.getKey();
            boolean changedAfterAlter = lsn.get(id) > alterLsn;
            assertSameValues("current wide[" + id + "]", lake.get(id), row.getValue(),
                    changedAfterAlter ? all : WideParquetTable.COLUMNS);
            if (!changedAfterAlter) {
                // documented (s3-sink/README.md, One schema per object): PostgreSQL fills the new columns of
                // existing rows without a change event, so the lake has no value for them until the row changes
                assertThat(lake.get(id)).as("added columns of wide[" + id + "], unchanged since the ADD COLUMN")
                        .containsEntry("n_added", null).containsEntry("label", null);
                assertThat(row.getValue()).as("PostgreSQL's wide[" + id + "]").containsEntry("label", "none");
            }
        }
        assertThat(lake.keySet()).as("keys changed after the ADD COLUMN").filteredOn(id -> lsn.get(id) > alterLsn)
                .containsExactlyInAnyOrder(4L, 6L, 7L, 8L);

        // the documented representations, as text
        assertThat(duckDb("SELECT ttz, n_free, u, ch FROM " + parquet(files) + " WHERE id = 4 AND __op = 'c'", 4))
                .as("timetz normalized to UTC, unconstrained numeric as its digits, uuid as text, char(5) padded")
                .containsExactly(List.of("10:34:56.789012Z", "123456789012345678901234567890.000001",
                        "8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11", "ab   "));
    }

    private static void assertSameValues(String row, Map<String, Object> lake, Map<String, Object> postgres,
            List<WideParquetTable.Column> columns) {
        assertThat(postgres).as("PostgreSQL's " + row).isNotNull();
        for (WideParquetTable.Column column : columns) {
            // isEqualTo, not by comparison: a decimal's scale must survive too (10.50, not 10.5)
            assertThat(lake.get(column.name())).as(row + "." + column.name() + " (" + column.postgres() + ")")
                    .isEqualTo(postgres.get(column.name()));
        }
    }

    /** Rows by id of a PostgreSQL table, read as {@link WideParquetTable#read} reads them. */
    private static Map<Long, Map<String, Object>> postgresRows(String table, List<WideParquetTable.Column> columns)
            throws SQLException {
        Map<Long, Map<String, Object>> rows = new HashMap<>();
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement()) {
            s.execute("SET IntervalStyle = iso_8601");
            try (ResultSet rs = s.executeQuery("SELECT " + WideParquetTable.select(columns) + " FROM public." + table)) {
                while (rs.next()) {
                    rows.put(rs.getLong("id"), WideParquetTable.read(rs, columns));
                }
            }
        }
        return rows;
    }

    /** DuckDB's column names and types of a relation, in order. */
    private static Map<String, String> columnTypes(String relation) {
        Map<String, String> types = new LinkedHashMap<>();
        for (List<Object> row : duckDb("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + relation
                + ")", 2)) {
            types.put((String) row.get(0), (String) row.get(1));
        }
        return types;
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
        // by name: objects written before and after an ADD COLUMN have different columns
        return "read_parquet('" + folder.resolve("*.parquet") + "', union_by_name = true)";
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

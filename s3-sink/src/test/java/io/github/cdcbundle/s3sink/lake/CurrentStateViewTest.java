package io.github.cdcbundle.s3sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated DuckDB view's rule for "newest", run by DuckDB over hand-made change histories in the sink's folder
 * layout, as Parquet and as JSON-lines objects: each case below is a way a wrong ordering or a forgotten delete would
 * show a row PostgreSQL does not have, or drop one it has.
 */
class CurrentStateViewTest {
    @TempDir
    Path lake;

    @ParameterizedTest
    @EnumSource(LakeDdl.Layout.class)
    void newestChangePerKeyWinsDeletesDropTheKeyAndStreamedChangesBeatSnapshotReads(LakeDdl.Layout layout)
            throws Exception {
        // (id, qty, __op, __lsn, __commit_ts_ms): two objects in two hour folders, as two uploads of the sink
        write(layout, "year=2026/month=01/day=02/hour=03", "(1, 1, 'r', 500, 10), (2, 1, 'r', 500, 10), "
                + "(4, 4, 'r', 500, 10), (5, 3, 'r', 500, 10), (3, 7, 'c', 600, 20), (2, 5, 'u', 600, 20), "
                // an incremental snapshot (null __lsn) while streaming goes on
                + "(6, 1, 'c', 1000, 30), (6, 1, 'r', NULL, 40), " // read after its insert: the same row
                + "(7, 5, 'c', 1000, 30), (7, 5, 'r', NULL, 40), "
                + "(8, 8, 'r', NULL, 40), " // a table added mid-stream: the read is all the lake has of the key
                + "(9, 1, 'r', 500, 10), (9, 9, 'r', NULL, 40), " // snapshotted again after a while uncaptured
                + "(10, 1, 'r', NULL, 40), (11, 1, 'c', 1000, 30), (11, 1, 'r', NULL, 40)");
        write(layout, "year=2026/month=01/day=02/hour=04", "(1, 2, 'u', 400, 50), " // open during the snapshot
                + "(2, 6, 'u', 700, 50), (3, 7, 'd', 800, 50), (4, 4, 'd', 650, 50), (4, 9, 'c', 900, 50), "
                + "(6, 2, 'u', 1100, 50), " // updated after its read: the update is newer
                + "(10, 10, 'r', NULL, 60), " // a second incremental snapshot
                + "(11, 1, 'd', 1200, 50)"); // deleted after its read
        assertThat(currentState(view(layout)))
                .containsExactly("1=2", "2=6", "4=9", "5=3", "6=2", "7=5", "8=8", "9=9", "10=10");
    }

    private String view(LakeDdl.Layout layout) {
        Schema row = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("qty", Schema.INT32_SCHEMA)
                .field("__op", Schema.STRING_SCHEMA).field("__lsn", Schema.OPTIONAL_INT64_SCHEMA)
                .field("__commit_ts_ms", Schema.INT64_SCHEMA).build();
        return LakeDdlTest.DDL.duckDbView(new LakeTable("shop.public.items", row, List.of("id")), lake.toString(),
                layout);
    }

    /** The view's rows as id=qty, by id. */
    private static List<String> currentState(String view) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(view);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT * FROM public_items_current ORDER BY id")) {
                assertThat(rs.getMetaData().getColumnCount()).as("the table's columns, no metadata").isEqualTo(2);
                while (rs.next()) {
                    rows.add(rs.getLong("id") + "=" + rs.getInt("qty"));
                }
            }
            return rows;
        }
    }

    /**
     * docs/athena.md's limit: a table snapshotted again after a while uncaptured. Its reads are newer than its older
     * streamed changes; the view as generated shows the older ones, the view reading only changes from the snapshot on
     * (the docs' WHERE on __commit_ts_ms) shows PostgreSQL's table.
     */
    @ParameterizedTest
    @EnumSource(LakeDdl.Layout.class)
    void afterACaptureGapOnlyChangesFromTheNewSnapshotOnGiveTheTable(LakeDdl.Layout layout) throws Exception {
        // captured until 20; uncaptured: 1 updated to 5, 2 deleted; captured again, snapshot signalled at 40
        write(layout, "year=2026/month=01/day=02/hour=03", "(1, 1, 'c', 100, 10), (2, 2, 'c', 110, 10), "
                + "(3, 3, 'c', 120, 10), (4, 4, 'c', 130, 10)");
        write(layout, "year=2026/month=01/day=02/hour=05", "(4, 8, 'u', 900, 45), " // before its read
                + "(1, 5, 'r', NULL, 50), (3, 3, 'r', NULL, 50), (4, 8, 'r', NULL, 50), "
                + "(3, 9, 'u', 1000, 60)"); // after its read
        String view = view(layout);
        assertThat(currentState(view)).as("the view as generated").containsExactly("1=1", "2=2", "3=9", "4=8");
        // the hand-made objects hold __commit_ts_ms as a number in both layouts
        String fromSnapshot = view.replace("\n) AS changes", "\n  WHERE \"__commit_ts_ms\" >= 40\n) AS changes");
        assertThat(fromSnapshot).isNotEqualTo(view);
        assertThat(currentState(fromSnapshot)).as("the changes from the snapshot on")
                .containsExactly("1=5", "3=9", "4=8");
    }

    private void write(LakeDdl.Layout layout, String folder, String values) throws Exception {
        Path dir = Files.createDirectories(lake.resolve("shop.public.items").resolve(folder));
        String file = "shop.public.items+0+0000000000." + (layout == LakeDdl.Layout.PARQUET ? "parquet" : "json");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT CAST(id AS BIGINT) AS id, CAST(qty AS INTEGER) AS qty, __op, "
                    + "CAST(__lsn AS BIGINT) AS __lsn, CAST(ts AS BIGINT) AS __commit_ts_ms FROM (VALUES " + values
                    + ") AS t(id, qty, __op, __lsn, ts)) TO '" + dir.resolve(file) + "' (FORMAT "
                    + layout.name() + ")");
        }
    }

    /**
     * A column named like a time folder keeps its own values: DuckDB would otherwise put the folder's year=2026 into
     * every row's year column, the wrong value and no error.
     */
    @ParameterizedTest
    @EnumSource(LakeDdl.Layout.class)
    void aColumnNamedYearKeepsItsValuesNotTheFolders(LakeDdl.Layout layout) throws Exception {
        Path dir = Files.createDirectories(lake.resolve("shop.public.cars/year=2026/month=01/day=02/hour=03"));
        String file = "shop.public.cars+0+0000000000." + (layout == LakeDdl.Layout.PARQUET ? "parquet" : "json");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT CAST(id AS BIGINT) AS id, CAST(y AS INTEGER) AS year, __op, CAST(lsn AS BIGINT) "
                    + "AS __lsn, CAST(10 AS BIGINT) AS __commit_ts_ms FROM (VALUES (1, 1999, 'c', 100), "
                    + "(2, 1987, 'c', 110), (2, 1988, 'u', 120)) AS t(id, y, __op, lsn)) TO '" + dir.resolve(file)
                    + "' (FORMAT " + layout.name() + ")");
        }
        Schema row = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("year", Schema.INT32_SCHEMA)
                .field("__op", Schema.STRING_SCHEMA).field("__lsn", Schema.OPTIONAL_INT64_SCHEMA)
                .field("__commit_ts_ms", Schema.INT64_SCHEMA).build();
        String view = LakeDdlTest.DDL.duckDbView(new LakeTable("shop.public.cars", row, List.of("id")),
                lake.toString(), layout);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(view);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id, year FROM public_cars_current ORDER BY id")) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + ":" + rs.getInt(2));
                }
            }
            assertThat(rows).containsExactly("1:1999", "2:1988");
        }
    }
}

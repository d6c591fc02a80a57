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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated DuckDB view's rule for "newest", run by DuckDB over hand-made change histories in the sink's folder
 * layout: each case below is a way a wrong ordering or a forgotten delete would show a row PostgreSQL does not have.
 */
class CurrentStateViewTest {
    @TempDir
    Path lake;

    @Test
    void newestChangePerKeyWinsDeletesDropTheKeyAndStreamedChangesBeatTheSnapshot() throws Exception {
        // (id, qty, __op, __lsn): two objects in two hour folders, as two uploads of the sink
        write("year=2026/month=01/day=02/hour=03", "(1, 1, 'r', 500), (2, 1, 'r', 500), (4, 4, 'r', 500), "
                + "(5, 3, 'r', 500), (3, 7, 'c', 600), (2, 5, 'u', 600)");
        write("year=2026/month=01/day=02/hour=04", "(1, 2, 'u', 400), " // open during the snapshot, streamed after
                + "(2, 6, 'u', 700), (3, 7, 'd', 800), (4, 4, 'd', 650), (4, 9, 'c', 900)");
        Schema row = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("qty", Schema.INT32_SCHEMA)
                .field("__op", Schema.STRING_SCHEMA).field("__lsn", Schema.INT64_SCHEMA).build();
        String view = LakeDdlTest.DDL.duckDbView(new LakeTable("shop.public.items", row, List.of("id")),
                lake.toString());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(view);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT * FROM public_items_current ORDER BY id")) {
                assertThat(rs.getMetaData().getColumnCount()).as("the table's columns, no metadata").isEqualTo(2);
                while (rs.next()) {
                    rows.add(rs.getLong("id") + "=" + rs.getInt("qty"));
                }
            }
            assertThat(rows).containsExactly("1=2", "2=6", "4=9", "5=3");
        }
    }

    private void write(String folder, String values) throws Exception {
        Path dir = Files.createDirectories(lake.resolve("shop.public.items").resolve(folder));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT CAST(id AS BIGINT) AS id, CAST(qty AS INTEGER) AS qty, __op, "
                    + "CAST(__lsn AS BIGINT) AS __lsn FROM (VALUES " + values + ") AS t(id, qty, __op, __lsn)) TO '"
                    + dir.resolve("shop.public.items+0+0000000000.parquet") + "' (FORMAT PARQUET)");
        }
    }
}

package io.github.cdcbundle.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline benchmark counts Parquet rows from the footer alone; DuckDB, another writer, says how many there are. */
class ParquetRowsTest {
    @TempDir
    Path dir;

    @Test
    void countsTheRowsOfEveryRowGroupFromTheFooter() throws Exception {
        // several row groups, a nested list, a map and a wide text column: a footer with every kind of field to skip
        byte[] body = duckdb("SELECT i, 'row ' || i AS s, [i, i + 1] AS l, MAP {'k': i} AS m, i % 3 = 0 AS b, "
                + "repeat('x', 300) AS wide FROM range(25000) t(i)", "ROW_GROUP_SIZE 4096");
        assertThat(ParquetRows.count(body, "a.parquet")).isEqualTo(25_000);
    }

    @Test
    void countsAnEmptyObject() throws Exception {
        byte[] body = duckdb("SELECT 1 AS i WHERE false", "ROW_GROUP_SIZE 4096");
        assertThat(ParquetRows.count(body, "empty.parquet")).isZero();
    }

    @Test
    void namesAnObjectThatIsNotParquet() {
        assertThatThrownBy(() -> ParquetRows.count("{\"a\":1}\n".getBytes(), "cdc/t/x.parquet"))
                .hasMessageContaining("cdc/t/x.parquet").hasMessageContaining("Parquet footer");
    }

    private byte[] duckdb(String query, String options) throws Exception {
        Path file = dir.resolve("t.parquet");
        Files.deleteIfExists(file);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + query + ") TO '" + file + "' (FORMAT PARQUET, " + options + ")");
        }
        return Files.readAllBytes(file);
    }
}

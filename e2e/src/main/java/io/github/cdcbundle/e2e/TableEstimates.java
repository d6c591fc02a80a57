package io.github.cdcbundle.e2e;

import io.github.cdcbundle.testkit.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** PostgreSQL's estimate of how many rows each table holds: how far a snapshot of it has to go. */
public final class TableEstimates {
    private TableEstimates() {
    }

    /**
     * pg_class.reltuples (kept by VACUUM and ANALYZE; -1 or 0 for a table never analysed) by "schema.table", for the
     * tables and partitioned tables of {@code database}. Any login can read it. Empty when it cannot be read: the
     * progress line then goes without it.
     */
    public static Map<String, Long> of(Database postgres, String database) {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT n.nspname || '.' || c.relname, c.reltuples::bigint FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        } catch (Exception e) {
            return Map.of();
        }
        return rows;
    }
}

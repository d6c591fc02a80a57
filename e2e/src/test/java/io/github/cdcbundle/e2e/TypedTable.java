package io.github.cdcbundle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code public.typed}, the typed lake's test table (a column of each kind analysts query: exact decimals, instants,
 * local times, dates, JSON, arrays), and how to read a row of it the same way from PostgreSQL's and DuckDB's JDBC
 * drivers, so that the two compare with equals.
 */
final class TypedTable {
    static final String CREATE = "CREATE TABLE public.typed (id bigint PRIMARY KEY, amount numeric(12,2), "
            + "paid_at timestamptz, local_at timestamp, due date, doc jsonb, tags int[], name text NOT NULL, "
            + "active boolean, qty bigint, span interval)";

    enum Kind { LONG, DECIMAL, INSTANT, LOCAL_DATE_TIME, LOCAL_DATE, JSON, INT_ARRAY, TEXT, BOOLEAN }

    /** Every column of the table, in order, and how to read it. */
    static final Map<String, Kind> COLUMNS;

    static {
        Map<String, Kind> c = new LinkedHashMap<>();
        c.put("id", Kind.LONG);
        c.put("amount", Kind.DECIMAL);
        c.put("paid_at", Kind.INSTANT);
        c.put("local_at", Kind.LOCAL_DATE_TIME);
        c.put("due", Kind.LOCAL_DATE);
        c.put("doc", Kind.JSON);
        c.put("tags", Kind.INT_ARRAY);
        c.put("name", Kind.TEXT);
        c.put("active", Kind.BOOLEAN);
        c.put("qty", Kind.LONG);
        // the shipped interval.handling.mode=string: PostgreSQL's iso_8601 text, months kept (docs/types.md); read it
        // from PostgreSQL after SET IntervalStyle = iso_8601
        c.put("span", Kind.TEXT);
        COLUMNS = Collections.unmodifiableMap(c);
    }

    private TypedTable() {
    }

    /** One row as plain Java values that compare equal across the two drivers (NULL as null). */
    static Map<String, Object> read(ResultSet rs) throws SQLException {
        Map<String, Object> row = new HashMap<>();
        for (Map.Entry<String, Kind> column : COLUMNS.entrySet()) {
            String name = column.getKey();
            Object value = switch (column.getValue()) {
                case LONG -> rs.getObject(name, Long.class);
                case DECIMAL -> rs.getBigDecimal(name);
                // the instant; the offset each driver picks for display is not data
                case INSTANT -> {
                    OffsetDateTime t = rs.getObject(name, OffsetDateTime.class);
                    yield t == null ? null : t.toInstant();
                }
                case LOCAL_DATE_TIME -> rs.getObject(name, LocalDateTime.class);
                case LOCAL_DATE -> rs.getObject(name, LocalDate.class);
                // jsonb's text has PostgreSQL's spacing; compare the JSON values, numbers with their scale
                case JSON -> {
                    String text = rs.getString(name);
                    yield text == null ? null : json(text);
                }
                case INT_ARRAY -> {
                    Array array = rs.getArray(name);
                    yield array == null ? null : Arrays.asList((Object[]) array.getArray());
                }
                case TEXT -> rs.getString(name);
                case BOOLEAN -> rs.getObject(name, Boolean.class);
            };
            row.put(name, rs.wasNull() ? null : value);
        }
        return row;
    }

    static JsonNode json(String text) {
        try {
            return S3Rows.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}

package io.github.cdcbundle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
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

    /** How a column is read so that both drivers give equal Java values (WideParquetTable uses every kind). */
    enum Kind {
        SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL, INSTANT, LOCAL_DATE_TIME, LOCAL_DATE, LOCAL_TIME, UTC_TIME, JSON,
        ARRAY, TEXT, BYTES, BOOLEAN
    }

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
        c.put("tags", Kind.ARRAY);
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
            row.put(column.getKey(), value(rs, column.getKey(), column.getValue()));
        }
        return row;
    }

    /** One column of the current row as a plain Java value that compares equal across the two drivers. */
    static Object value(ResultSet rs, String name, Kind kind) throws SQLException {
        Object value = switch (kind) {
            case SHORT -> rs.getShort(name);
            case INT -> rs.getInt(name);
            case LONG -> rs.getObject(name, Long.class);
            case FLOAT -> rs.getFloat(name);
            case DOUBLE -> rs.getDouble(name);
            case DECIMAL -> rs.getBigDecimal(name);
            // the instant; the offset each driver picks for display is not data
            case INSTANT -> {
                OffsetDateTime t = rs.getObject(name, OffsetDateTime.class);
                yield t == null ? null : t.toInstant();
            }
            case LOCAL_DATE_TIME -> rs.getObject(name, LocalDateTime.class);
            case LOCAL_DATE -> rs.getObject(name, LocalDate.class);
            case LOCAL_TIME -> rs.getObject(name, LocalTime.class);
            // timetz: PostgreSQL's text keeps the value's offset (+02), Debezium's is normalized to UTC (Z); the
            // same time of day in UTC is the same value
            case UTC_TIME -> {
                String text = rs.getString(name);
                yield text == null ? null : OffsetTime.parse(text.replaceFirst("([+-]\\d{2})$", "$1:00"))
                        .withOffsetSameInstant(ZoneOffset.UTC);
            }
            // jsonb's text has PostgreSQL's spacing; compare the JSON values, numbers with their scale
            case JSON -> {
                String text = rs.getString(name);
                yield text == null ? null : json(text);
            }
            case ARRAY -> {
                Array array = rs.getArray(name);
                yield array == null ? null : Arrays.asList((Object[]) array.getArray());
            }
            case TEXT -> rs.getString(name);
            // PostgreSQL's driver gives bytea as byte[], DuckDB's a Blob (it has no getBytes)
            case BYTES -> {
                Object bytes = rs.getObject(name);
                yield bytes instanceof Blob blob ? HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length()))
                        : bytes == null ? null : HexFormat.of().formatHex((byte[]) bytes);
            }
            case BOOLEAN -> rs.getObject(name, Boolean.class);
        };
        return rs.wasNull() ? null : value;
    }

    static JsonNode json(String text) {
        try {
            return S3Rows.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}

package io.github.cdcbundle.e2e;

import io.github.cdcbundle.e2e.TypedTable.Kind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code public.wide}, the Parquet lake's wide test table: a column of each PostgreSQL type an analyst meets, the type
 * DuckDB must read it as (s3-sink/README.md, Parquet type table) and how both drivers read it so values compare with
 * equals. {@code public.wide_inserted} has the same columns, is not captured, and gets every insert too: it is what
 * each snapshot read and each insert must equal in the lake, while {@code public.wide} is the current state.
 */
final class WideParquetTable {
    static final String TABLE = "wide";
    static final String INSERTED = "wide_inserted";

    /** A column: its PostgreSQL type, DuckDB's type of its Parquet column, how to read it, what to select. */
    record Column(String name, String postgres, String duckDb, Kind kind, String select) {
        Column(String name, String postgres, String duckDb, Kind kind) {
            this(name, postgres, duckDb, kind, name);
        }
    }

    static final List<Column> COLUMNS = List.of(
            new Column("id", "bigint PRIMARY KEY", "BIGINT", Kind.LONG),
            new Column("i2", "smallint", "SMALLINT", Kind.SHORT),
            new Column("i4", "integer", "INTEGER", Kind.INT),
            new Column("i8", "bigint", "BIGINT", Kind.LONG),
            new Column("f4", "real", "FLOAT", Kind.FLOAT),
            new Column("f8", "double precision", "DOUBLE", Kind.DOUBLE),
            new Column("n12", "numeric(12,2)", "DECIMAL(12,2)", Kind.DECIMAL),
            new Column("n5", "numeric(5,4)", "DECIMAL(5,4)", Kind.DECIMAL),
            new Column("n20", "numeric(20,0)", "DECIMAL(20,0)", Kind.DECIMAL),
            new Column("n38", "numeric(38,10)", "DECIMAL(38,10)", Kind.DECIMAL),
            // documented: no fixed scale, so its exact plain digits as text; Debezium's precise mode has already
            // dropped trailing fractional zeros (-0.000100 arrives as -0.0001), which is PostgreSQL's trim_scale
            new Column("n_free", "numeric", "VARCHAR", Kind.TEXT, "trim_scale(n_free)::text AS n_free"),
            // documented: a number (DECIMAL(38,2)), where PostgreSQL's text is locale-formatted ($1,234.56)
            new Column("m", "money", "DECIMAL(38,2)", Kind.DECIMAL, "m::numeric AS m"),
            new Column("b", "boolean", "BOOLEAN", Kind.BOOLEAN),
            new Column("tx", "text", "VARCHAR", Kind.TEXT),
            new Column("vc", "varchar(10)", "VARCHAR", Kind.TEXT),
            new Column("ch", "char(5)", "VARCHAR", Kind.TEXT),
            new Column("u", "uuid", "VARCHAR", Kind.TEXT),
            new Column("by", "bytea", "BLOB", Kind.BYTES),
            new Column("d", "date", "DATE", Kind.LOCAL_DATE),
            new Column("t6", "time", "TIME", Kind.LOCAL_TIME),
            new Column("t3", "time(3)", "TIME", Kind.LOCAL_TIME),
            // documented: Debezium's text normalized to UTC (10:34:56.789012Z)
            new Column("ttz", "timetz", "VARCHAR", Kind.UTC_TIME),
            new Column("ts6", "timestamp", "TIMESTAMP", Kind.LOCAL_DATE_TIME),
            new Column("ts3", "timestamp(3)", "TIMESTAMP", Kind.LOCAL_DATE_TIME),
            new Column("tstz", "timestamptz", "TIMESTAMP WITH TIME ZONE", Kind.INSTANT),
            // the shipped interval.handling.mode=string: PostgreSQL's iso_8601 text (read after SET IntervalStyle)
            new Column("iv", "interval", "VARCHAR", Kind.TEXT),
            new Column("j", "json", "JSON", Kind.JSON),
            new Column("jb", "jsonb", "JSON", Kind.JSON),
            new Column("ia", "int[]", "INTEGER[]", Kind.ARRAY),
            new Column("ta", "text[]", "VARCHAR[]", Kind.ARRAY),
            new Column("e", "mood", "VARCHAR", Kind.TEXT),
            new Column("ip", "inet", "VARCHAR", Kind.TEXT),
            new Column("cn", "cidr", "VARCHAR", Kind.TEXT),
            new Column("x", "xml", "VARCHAR", Kind.TEXT));

    /** The columns {@code ALTER TABLE ... ADD COLUMN} adds mid-stream. */
    static final List<Column> ADDED = List.of(
            new Column("n_added", "numeric(8,3)", "DECIMAL(8,3)", Kind.DECIMAL),
            new Column("label", "text NOT NULL DEFAULT 'none'", "VARCHAR", Kind.TEXT));

    /** Row A: typical values, unicode, microseconds, offsets other than UTC. */
    static final String A = "32767, 2147483647, 9223372036854775807, 1.1, 3.141592653589793, 10.50, 0.0010, "
            + "99999999999999999999, 1234567890123456789012345678.0123456789, 123456789012345678901234567890.000001, "
            + "1234.56, true, 'Grüße 🐘 \"quoted\" \\ back', 'varchar ü', 'ab', "
            + "'8f5b2c5e-7c1f-4a53-9d3c-2a1b7f0e9c11', '\\x0102ff', '2024-01-31', '12:34:56.789012', '12:34:56.789', "
            + "'12:34:56.789012+02', '2024-01-31 12:34:56.789012', '2024-01-31 12:34:56.789', "
            + "'2024-01-31 12:34:56.789012+01', '1 year 2 mons 3 days 04:05:06.5', "
            + "'{\"b\": 1, \"a\": [1, 2.50, \"x\"]}', '{\"b\": {\"c\": null}, \"a\": true}', '{1,2,NULL}', "
            + "'{a,\"b c\",NULL,ü}', 'happy', '192.168.0.1/24', '10.0.0.0/8', '<a x=\"1\">ü</a>'";
    /** Row B: the edges: minimums, negatives, NaN and infinity, empty values, before 1970, offsets west of UTC. */
    static final String B = "-32768, -2147483648, -9223372036854775808, 'Infinity', 'NaN', -0.01, -9.9999, -1, "
            + "-9999999999999999999999999999.9999999999, -0.000100, -0.99, false, '', '', '', "
            + "'00000000-0000-0000-0000-000000000000', '\\x', '1969-12-31', '00:00:00', '23:59:59.999', "
            + "'23:59:59.999999-05:30', '1969-12-31 23:59:59.999999', '1900-01-01 00:00:00.001', "
            + "'1969-12-31 23:59:59.999999-08', '-00:00:59.019482', '[]', '{}', '{}', '{}', 'sad', '::1', "
            + "'2001:db8::/32', '<b/>'";
    /** Row N: NULL in every column but the key. */
    static final String N = String.join(", ", Collections.nCopies(COLUMNS.size() - 1, "NULL"));

    private WideParquetTable() {
    }

    /** The type, both tables (the inserted one is not captured), and the same statements on both. */
    static List<String> create() {
        String columns = COLUMNS.stream().map(c -> c.name() + " " + c.postgres()).collect(Collectors.joining(", "));
        return List.of("CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE TABLE public." + TABLE + " (" + columns + ")",
                // as PipelineIT: deletes carry the whole old row
                "ALTER TABLE public." + TABLE + " REPLICA IDENTITY FULL",
                "CREATE TABLE public." + INSERTED + " (LIKE public." + TABLE + ")");
    }

    /** Inserts row {@code values} (A, B or N, plus values of added columns) as {@code id} into both tables. */
    static List<String> insert(long id, String values) {
        return List.of(insertInto(TABLE, id, values), insertInto(INSERTED, id, values));
    }

    private static String insertInto(String table, long id, String values) {
        return "INSERT INTO public." + table + " VALUES (" + id + ", " + values + ")";
    }

    static List<String> addColumns() {
        String add = ADDED.stream().map(c -> "ADD COLUMN " + c.name() + " " + c.postgres())
                .collect(Collectors.joining(", "));
        return List.of("ALTER TABLE public." + TABLE + " " + add, "ALTER TABLE public." + INSERTED + " " + add);
    }

    static List<Column> all() {
        List<Column> all = new ArrayList<>(COLUMNS);
        all.addAll(ADDED);
        return all;
    }

    /** PostgreSQL's select list for {@code columns} (money as numeric). */
    static String select(List<Column> columns) {
        return columns.stream().map(Column::select).collect(Collectors.joining(", "));
    }

    /** One row of {@code columns} as plain Java values (a column the result lacks is absent from the map). */
    static Map<String, Object> read(ResultSet rs, List<Column> columns) throws SQLException {
        Map<String, Object> row = new HashMap<>();
        for (Column column : columns) {
            row.put(column.name(), TypedTable.value(rs, column.name(), column.kind()));
        }
        return row;
    }
}

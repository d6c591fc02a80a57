package io.github.cdcbundle.s3sink.lake;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import io.github.cdcbundle.s3sink.parquet.Columns;
import org.apache.kafka.connect.data.Schema;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Athena column types of a row, derived from the Parquet columns the sink's writer makes of its Connect schema
 * ({@link Columns#compile}, the one type mapping): a column's Athena type is the type Athena reads that Parquet column
 * as. The JSON layout differs only where the analyst JSON writes a value as text that the Parquet column holds as a
 * number (timestamps, times, durations, bytes, embedded JSON), so those columns are {@code string} there.
 */
public final class AthenaTypes {
    static final String MICRO_DURATION = "io.debezium.time.MicroDuration";
    /** Athena's names that DuckDB spells otherwise; the rest (bigint, decimal(p,s), date, …) are upper-cased. */
    private static final Map<String, String> DUCKDB_NAMES = Map.of("string", "VARCHAR", "int", "INTEGER",
            "binary", "BLOB");

    private AthenaTypes() {
    }

    /** The Parquet fields the writer makes of the row schema, with the sink's commit-time fields. */
    public static List<Type> parquetFields(Schema row, Set<String> millisTimestampFields) {
        return Columns.compile(row, millisTimestampFields).type().getFields();
    }

    /** The Athena type of a Parquet column (the Parquet layout). */
    public static String parquet(Type type) {
        return spell(type, null, false);
    }

    /** The Athena type of a column in the JSON layout: {@code schema} is the field's Connect schema. */
    public static String json(Type type, Schema schema) {
        return spell(type, schema, false);
    }

    /**
     * The same type as {@link #json} in DuckDB's spelling, for read_json's {@code columns}: the DuckDB view over the
     * JSON layout reads each column as the Athena table of that layout declares it.
     */
    public static String duckDbJson(Type type, Schema schema) {
        return spell(type, schema, true);
    }

    private static String spell(Type type, Schema json, boolean duck) {
        LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
        if (!type.isPrimitive()) {
            GroupType g = type.asGroupType();
            if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                String element = spell(g.getType(0).asGroupType().getType(0),
                        json == null ? null : json.valueSchema(), duck);
                return duck ? element + "[]" : "array<" + element + ">";
            }
            if (a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
                GroupType kv = g.getType(0).asGroupType();
                String k = spell(kv.getType(0), json == null ? null : json.keySchema(), duck);
                String v = spell(kv.getType(1), json == null ? null : json.valueSchema(), duck);
                return duck ? "MAP(" + k + ", " + v + ")" : "map<" + k + "," + v + ">";
            }
            StringJoiner fields = duck ? new StringJoiner(", ", "STRUCT(", ")") : new StringJoiner(",", "struct<", ">");
            for (Type f : g.getFields()) {
                String t = spell(f, json == null ? null : json.field(f.getName()).schema(), duck);
                fields.add(duck ? "\"" + f.getName().replace("\"", "\"\"") + "\" " + t : f.getName() + ":" + t);
            }
            return fields.toString();
        }
        String name = primitive(type, json);
        return duck ? DUCKDB_NAMES.getOrDefault(name, name.toUpperCase(Locale.ROOT)) : name;
    }

    private static String primitive(Type type, Schema json) {
        LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
        if (json != null && textInJson(a, json)) {
            return "string";
        }
        PrimitiveType p = type.asPrimitiveType();
        if (a instanceof DecimalLogicalTypeAnnotation d) {
            return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
        }
        if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
            return "timestamp";
        }
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return "date";
        }
        if (a instanceof IntLogicalTypeAnnotation i) {
            return i.getBitWidth() == 8 ? "tinyint" : i.getBitWidth() == 16 ? "smallint"
                    : i.getBitWidth() == 32 ? "int" : "bigint";
        }
        return switch (p.getPrimitiveTypeName()) {
            // TIME columns too: Athena has no time type, so a time of day is its number (ms or µs since midnight)
            case INT32 -> "int";
            case INT64 -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case BINARY -> a == null ? "binary" : "string";
            default -> throw new IllegalArgumentException("no Athena type for Parquet column " + type);
        };
    }

    /** Where the analyst JSON writes text (ISO-8601, base64, embedded JSON) for what Parquet holds as a number. */
    private static boolean textInJson(LogicalTypeAnnotation a, Schema schema) {
        return a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
                || a == null && schema.type() == Schema.Type.BYTES
                || MICRO_DURATION.equals(schema.name());
    }
}

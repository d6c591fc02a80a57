package io.github.cdcbundle.s3sink.lake;

import java.util.List;
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

    private AthenaTypes() {
    }

    /** The Parquet fields the writer makes of the row schema, with the sink's commit-time fields. */
    public static List<Type> parquetFields(Schema row, Set<String> millisTimestampFields) {
        return Columns.compile(row, millisTimestampFields).type().getFields();
    }

    /** The Athena type of a Parquet column (the Parquet layout). */
    public static String parquet(Type type) {
        return athena(type, null);
    }

    /** The Athena type of a column in the JSON layout: {@code schema} is the field's Connect schema. */
    public static String json(Type type, Schema schema) {
        return athena(type, schema);
    }

    private static String athena(Type type, Schema json) {
        LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
        if (!type.isPrimitive()) {
            GroupType g = type.asGroupType();
            if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                Type element = g.getType(0).asGroupType().getType(0);
                return "array<" + athena(element, json == null ? null : json.valueSchema()) + ">";
            }
            if (a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
                GroupType kv = g.getType(0).asGroupType();
                return "map<" + athena(kv.getType(0), json == null ? null : json.keySchema()) + ","
                        + athena(kv.getType(1), json == null ? null : json.valueSchema()) + ">";
            }
            StringJoiner fields = new StringJoiner(",", "struct<", ">");
            for (Type f : g.getFields()) {
                fields.add(f.getName() + ":" + athena(f, json == null ? null : json.field(f.getName()).schema()));
            }
            return fields.toString();
        }
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

package io.github.cdcbundle.debezium;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * A Debezium {@link CustomConverter} for PostgreSQL array columns, so that a multi-dimensional array is never
 * silently turned into nulls.
 *
 * <p>PostgreSQL does not enforce an array column's dimensions ({@code int[]} and {@code int[][]} are the same type,
 * {@code _int4}), so Debezium gives every array column a one-dimensional schema and converts each element of a
 * value's top level with the element type's converter; a sub-array is not an element it knows, and for an optional
 * element it logs "Unexpected value for JDBC type … and column &lt;column&gt;-element" and writes null
 * ({@code {{1,2},{3,4}}} becomes {@code [null,null]}).
 *
 * <p>This converter takes over array columns of the element types below. A column matched by {@code json.columns}
 * becomes {@code io.debezium.data.Json} holding the whole array with its dimensions, as PostgreSQL's
 * {@code to_jsonb()} writes it ({@code [[1,2],[3,4]]}). Every other one keeps the schema Debezium gives it
 * (an optional array of the optional element type) and its one-dimensional values unchanged; a value of two or more
 * dimensions fails the record with a message naming the table and column (with Debezium's
 * {@code event.converting.failure.handling.mode=fail}; its default, warn, would log it and write null).
 */
public final class PostgresArrays implements CustomConverter<SchemaBuilder, RelationalColumn> {
    /** Comma-separated regular expressions, each matched against the whole {@code <schema>.<table>.<column>}. */
    public static final String JSON_COLUMNS = "json.columns";
    private static final String JSON_SCHEMA_NAME = "io.debezium.data.Json";

    private List<Pattern> jsonColumns = List.of();

    /** The element types taken over, by PostgreSQL array type name; others are left to Debezium. */
    private enum Element {
        INT2("_int2", Schema.OPTIONAL_INT16_SCHEMA, v -> ((Number) v).shortValue()),
        INT4("_int4", Schema.OPTIONAL_INT32_SCHEMA, v -> ((Number) v).intValue()),
        INT8("_int8", Schema.OPTIONAL_INT64_SCHEMA, v -> ((Number) v).longValue()),
        FLOAT4("_float4", Schema.OPTIONAL_FLOAT32_SCHEMA, v -> ((Number) v).floatValue()),
        FLOAT8("_float8", Schema.OPTIONAL_FLOAT64_SCHEMA, v -> ((Number) v).doubleValue()),
        BOOL("_bool", Schema.OPTIONAL_BOOLEAN_SCHEMA, v -> (Boolean) v),
        TEXT("_text", Schema.OPTIONAL_STRING_SCHEMA, Object::toString),
        VARCHAR("_varchar", Schema.OPTIONAL_STRING_SCHEMA, Object::toString),
        BPCHAR("_bpchar", Schema.OPTIONAL_STRING_SCHEMA, Object::toString),
        /** JSON only: Debezium's schema for these depends on its own settings, which a converter cannot see. */
        NUMERIC("_numeric", null, null),
        UUID_("_uuid", null, null);

        final String arrayType;
        final Schema schema;
        final Function<Object, Object> convert;

        Element(String arrayType, Schema schema, Function<Object, Object> convert) {
            this.arrayType = arrayType;
            this.schema = schema;
            this.convert = convert;
        }

        static Element of(String typeName) {
            String name = typeName.toLowerCase(Locale.ROOT);
            for (Element e : values()) {
                if (e.arrayType.equals(name)) {
                    return e;
                }
            }
            return null;
        }
    }

    @Override
    public void configure(Properties props) {
        String list = props.getProperty(JSON_COLUMNS, "").strip();
        List<Pattern> patterns = new ArrayList<>();
        for (String regex : list.isEmpty() ? new String[0] : list.split(",")) {
            try {
                patterns.add(Pattern.compile(regex.strip()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("Invalid " + JSON_COLUMNS + ": '" + regex.strip()
                        + "' is not a regular expression (" + e.getDescription() + ")", e);
            }
        }
        jsonColumns = List.copyOf(patterns);
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String name = column.dataCollection() + "." + column.name();
        boolean json = jsonColumns.stream().anyMatch(p -> p.matcher(name).matches());
        Element element = Element.of(column.typeName());
        if (element == null) {
            if (json) {
                throw new IllegalArgumentException("Column " + name + " (" + column.typeName() + ") matches "
                        + JSON_COLUMNS + ", but only arrays of " + jsonTypes() + " can be written as JSON");
            }
            return;
        }
        if (json) {
            SchemaBuilder schema = SchemaBuilder.string().name(JSON_SCHEMA_NAME).version(1);
            registration.register(column.isOptional() ? schema.optional() : schema, value -> value == null ? null
                    : appendJson(new StringBuilder(), top(name, value)).toString());
        } else if (element.schema != null) {
            SchemaBuilder schema = SchemaBuilder.array(element.schema);
            registration.register(column.isOptional() ? schema.optional() : schema,
                    value -> value == null ? null : oneDimensional(name, column.typeName(), element, top(name, value)));
        }
    }

    private static String jsonTypes() {
        return String.join(", ", Arrays.stream(Element.values()).map(e -> e.arrayType.substring(1)).toList());
    }

    /** The value's top level as a list: pgjdbc's {@link Array} (snapshot and pgoutput) or a {@link List}. */
    private static List<?> top(String name, Object value) {
        if (value instanceof Array array) {
            try {
                return Arrays.asList((Object[]) array.getArray());
            } catch (SQLException e) {
                throw new IllegalArgumentException("Cannot read the array of column " + name + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        if (value instanceof Object[] items) {
            return Arrays.asList(items);
        }
        if (value instanceof List<?> items) {
            return items;
        }
        throw new IllegalArgumentException("Column " + name + ": expected an array, got a "
                + value.getClass().getName());
    }

    private static List<Object> oneDimensional(String name, String type, Element element, List<?> items) {
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof Object[] || item instanceof List) {
                String message = "Column " + name + " (" + type + ") holds an array of " + (depth(item) + 1)
                        + " dimensions, which its one-dimensional array schema cannot carry (Debezium would write "
                        + "null for each sub-array); match the column with this converter's " + JSON_COLUMNS
                        + " option to carry it as JSON";
                // Debezium reports the cause of a converter's exception, not the exception itself
                throw new IllegalArgumentException(message, new IllegalArgumentException(message));
            }
            out.add(item == null ? null : element.convert.apply(item));
        }
        return out;
    }

    private static int depth(Object item) {
        List<?> items = item instanceof Object[] array ? Arrays.asList(array) : (List<?>) item;
        int deepest = 0;
        for (Object inner : items) {
            if (inner instanceof Object[] || inner instanceof List) {
                deepest = Math.max(deepest, depth(inner));
            }
        }
        return deepest + 1;
    }

    /** As to_jsonb() writes arrays of these element types. */
    private static StringBuilder appendJson(StringBuilder sb, Object value) {
        if (value == null) {
            return sb.append("null");
        }
        if (value instanceof Object[] || value instanceof List) {
            List<?> items = value instanceof Object[] array ? Arrays.asList(array) : (List<?>) value;
            sb.append('[');
            for (int i = 0; i < items.size(); i++) {
                appendJson(i == 0 ? sb : sb.append(','), items.get(i));
            }
            return sb.append(']');
        }
        if (value instanceof Boolean || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return sb.append(value);
        }
        if (value instanceof BigDecimal decimal) {
            return sb.append(decimal.toPlainString());
        }
        if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return appendString(sb, d > 0 ? "Infinity" : d < 0 ? "-Infinity" : "NaN");
            }
            // jsonb holds floats as numeric: 1 for 1.0, 100000000000000000000 for 1e20
            String digits = value instanceof Float ? Float.toString((Float) value) : Double.toString(d);
            return sb.append(new BigDecimal(digits).stripTrailingZeros().toPlainString());
        }
        if (value instanceof UUID || value instanceof String) {
            return appendString(sb, value.toString());
        }
        throw new IllegalArgumentException("unexpected array element of type " + value.getClass().getName());
    }

    private static StringBuilder appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}

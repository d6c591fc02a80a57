package io.github.cdcbundle.debezium;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.data.Json;
import io.debezium.data.SpecialValueDecimal;
import io.debezium.data.Uuid;
import io.debezium.data.VariableScaleDecimal;
import io.debezium.jdbc.JdbcValueConverters.DecimalMode;
import io.debezium.jdbc.TemporalPrecisionMode;
import io.debezium.time.MicroTime;
import io.debezium.time.MicroTimestamp;
import io.debezium.time.NanoTime;
import io.debezium.time.NanoTimestamp;
import io.debezium.time.Timestamp;
import io.debezium.time.ZonedTimestamp;
import io.debezium.util.Strings;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
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
 * <p>This converter takes over every array column whose Debezium schema it can build exactly from what Debezium tells
 * a converter (type name, length, scale): Debezium's CustomConverter SPI has no way to check a value and hand it back
 * to Debezium, so a converter that matches a column registers the schema and converts every value. A column matched
 * by {@code json.columns} becomes {@code io.debezium.data.Json} holding the whole array with its dimensions, as
 * PostgreSQL's {@code to_jsonb()} writes it ({@code [[1,2],[3,4]]}). Every other one keeps the schema Debezium gives
 * it (an optional array of Debezium's optional element schema, built and converted with Debezium's own classes for
 * the shipped settings) and its one-dimensional values; a value of two or more dimensions fails the record with a
 * message naming the table and column (with Debezium's {@code event.converting.failure.handling.mode=fail}; its
 * default, warn, would log it and write null).
 *
 * <p>Every other array column (enum, {@code timetz}, {@code interval}, {@code money}, {@code xml}, {@code name},
 * {@code varbit}, {@code point}, extension, domain and composite arrays, and domains over arrays) is taken over too,
 * because Debezium would null its sub-arrays or, having no schema for some of them, leave the column out of every
 * record. Its values are read from PostgreSQL's text of the array ({@link ArrayText}) and each element carried as its
 * text ({@link TextElements}): as a list of optional strings (one dimension; more fail as above), or with
 * {@code json.columns} as JSON with every dimension.
 */
public final class PostgresArrays implements CustomConverter<SchemaBuilder, RelationalColumn> {
    /** Comma-separated regular expressions, each matched against the whole {@code <schema>.<table>.<column>}. */
    public static final String JSON_COLUMNS = "json.columns";
    private static final String JSON_SCHEMA_NAME = "io.debezium.data.Json";

    private List<Pattern> jsonColumns = List.of();

    /** Array types whose values {@code json.columns} can write as to_jsonb() does from pgjdbc's elements. */
    private static final List<String> JSON_TYPES = List.of("_int2", "_int4", "_int8", "_float4", "_float8", "_bool",
            "_text", "_varchar", "_bpchar", "_numeric", "_uuid");
    /** Debezium (PostgresValueConverter) gives these array types a string element it converts with toString(). */
    private static final List<String> STRING_TYPES = List.of("_text", "_varchar", "_bpchar", "_char", "_inet",
            "_cidr", "_macaddr", "_macaddr8", "_int4range", "_int8range", "_numrange", "_daterange", "_tsrange",
            "_tstzrange");
    /** PostgresValueConverter's length of an unconstrained numeric (pgjdbc reports it so). */
    private static final int VARIABLE_SCALE_DECIMAL_LENGTH = 131089;

    /**
     * How one array column's elements are carried: the element schema Debezium gives the column and Debezium's
     * conversion of each (non-null) element, reproduced for its settings as the shipped connector sets them
     * ({@code decimal.handling.mode=precise}, {@code time.precision.mode=adaptive},
     * {@code binary.handling.mode=bytes}).
     */
    private record Elements(Schema schema, Function<Object, Object> convert) {
    }

    /** Debezium's elements for the column's array type, or null for the types left to Debezium. */
    private static Elements elements(RelationalColumn column) {
        String type = type(column);
        if (STRING_TYPES.contains(type)) {
            return new Elements(Schema.OPTIONAL_STRING_SCHEMA, Object::toString);
        }
        return switch (type) {
            case "_int2" -> new Elements(Schema.OPTIONAL_INT16_SCHEMA, v -> ((Number) v).shortValue());
            case "_int4" -> new Elements(Schema.OPTIONAL_INT32_SCHEMA, v -> ((Number) v).intValue());
            case "_int8", "_oid" -> new Elements(Schema.OPTIONAL_INT64_SCHEMA, v -> ((Number) v).longValue());
            case "_float4" -> new Elements(Schema.OPTIONAL_FLOAT32_SCHEMA, v -> ((Number) v).floatValue());
            case "_float8" -> new Elements(Schema.OPTIONAL_FLOAT64_SCHEMA, v -> ((Number) v).doubleValue());
            case "_bool" -> new Elements(Schema.OPTIONAL_BOOLEAN_SCHEMA, v -> (Boolean) v);
            case "_uuid" -> new Elements(Uuid.builder().optional().build(), Object::toString);
            case "_json", "_jsonb" -> new Elements(Json.builder().optional().build(), Object::toString);
            case "_bytea" -> new Elements(Schema.OPTIONAL_BYTES_SCHEMA, v -> ByteBuffer.wrap((byte[]) v));
            case "_date" -> new Elements(io.debezium.time.Date.builder().optional().build(),
                    v -> io.debezium.time.Date.toEpochDay(v, null));
            case "_time" -> times(column.scale().orElse(-1));
            case "_timestamp" -> timestamps(column.scale().orElse(-1));
            case "_timestamptz" -> new Elements(ZonedTimestamp.builder().optional().build(),
                    v -> zonedTimestamp(v, column.scale().orElse(column.length().orElse(-1))));
            case "_numeric" -> numerics(column);
            default -> null;
        };
    }

    /**
     * TemporalPrecisionMode.ADAPTIVE's time of day for the precision, converted from each element's text as
     * PostgresValueConverter converts a plain time column's text. Not from pgjdbc's elements, as Debezium does for
     * arrays: java.sql.Time holds milliseconds, so time(6)[] would lose its microseconds (Debezium 3.7 does).
     */
    private static Elements times(int precision) {
        Schema schema = TemporalPrecisionMode.ADAPTIVE.getTimeBuilder(precision).optional().build();
        // adaptive allows times beyond 24:00 (PostgreSQL's 24:00:00)
        Function<Object, Object> ofDay = precision <= 3 ? v -> io.debezium.time.Time.toMilliOfDay(v, true)
                : precision <= 6 ? v -> MicroTime.toMicroOfDay(v, true) : v -> NanoTime.toNanoOfDay(v, true);
        return new Elements(schema, v -> ofDay.apply(v instanceof String text ? Strings.asDuration(text) : v));
    }

    /** TemporalPrecisionMode.ADAPTIVE's timestamp for the precision, fed as PostgresValueConverter feeds it. */
    private static Elements timestamps(int precision) {
        Schema schema = TemporalPrecisionMode.ADAPTIVE.getTimestampBuilder(precision).optional().build();
        Function<Object, Object> toEpoch;
        if (precision <= 3) {
            toEpoch = v -> Timestamp.toEpochMillis(v, null);
        } else if (precision <= 6) {
            toEpoch = v -> MicroTimestamp.toEpochMicros(v, null);
        } else {
            toEpoch = v -> v.equals(PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE_TIME) ? Long.MAX_VALUE
                    : v.equals(PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE_TIME) ? Long.MIN_VALUE
                    : NanoTimestamp.toEpochNanos(v, null);
        }
        return new Elements(schema, v -> toEpoch.apply(localDateTime((java.sql.Timestamp) v)));
    }

    private static LocalDateTime localDateTime(java.sql.Timestamp timestamp) {
        if (PostgresValueConverter.POSITIVE_INFINITY_TIMESTAMP.equals(timestamp)) {
            return PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE_TIME;
        }
        if (PostgresValueConverter.NEGATIVE_INFINITY_TIMESTAMP.equals(timestamp)) {
            return PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE_TIME;
        }
        // pgjdbc built the Timestamp in the JVM's zone
        return LocalDateTime.ofInstant(timestamp.toInstant(), ZoneId.systemDefault());
    }

    /** An element of a timestamptz array: pgjdbc's Timestamp in the JVM's zone, as an instant in UTC. */
    private static String zonedTimestamp(Object value, int fraction) {
        java.sql.Timestamp timestamp = (java.sql.Timestamp) value;
        OffsetDateTime utc = OffsetDateTime.of(ZonedDateTime.of(timestamp.toLocalDateTime(), ZoneId.systemDefault())
                .withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime(), ZoneOffset.UTC);
        if (PostgresValueConverter.POSITIVE_INFINITY_OFFSET_DATE_TIME.equals(utc)) {
            return PostgresValueConverter.POSITIVE_INFINITY_TIMESTAMP_PG_STRING;
        }
        if (PostgresValueConverter.NEGATIVE_INFINITY_OFFSET_DATE_TIME.equals(utc)) {
            return PostgresValueConverter.NEGATIVE_INFINITY_TIMESTAMP_PG_STRING;
        }
        return ZonedTimestamp.toIsoString((Object) utc.toZonedDateTime(), ZoneOffset.UTC, null, fraction);
    }

    /** decimal.handling.mode=precise: VariableScaleDecimal for an unconstrained numeric, else Decimal(scale). */
    private static Elements numerics(RelationalColumn column) {
        int length = column.length().orElse(-1);
        int scale = column.scale().orElse(0);
        if ((length == 0 || length == VARIABLE_SCALE_DECIMAL_LENGTH) && scale == 0) {
            Schema schema = VariableScaleDecimal.builder().optional().build();
            return new Elements(schema, v -> {
                BigDecimal d = decimal(v).stripTrailingZeros();
                return VariableScaleDecimal.fromLogical(schema, d.scale() < 0 ? d.setScale(0) : d);
            });
        }
        Schema schema = SpecialValueDecimal.builder(DecimalMode.PRECISE, length, scale).optional().build();
        return new Elements(schema, v -> column.scale().isPresent() ? decimal(v).setScale(scale) : decimal(v));
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        throw new IllegalArgumentException("the element " + value + " (decimal.handling.mode=precise has no NaN "
                + "or infinity)");
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
        String type = type(column);
        Elements elements = elements(column);
        boolean textual = elements == null && isArray(column);
        // the string-element types whose text is what to_jsonb() writes read their JSON from the text too
        boolean jsonFromText = textual || STRING_TYPES.contains(type) && !JSON_TYPES.contains(type);
        UnaryOperator<String> element = TextElements.forType(type);
        char delimiter = TextElements.delimiter(type);
        if (json) {
            if (!jsonFromText && !JSON_TYPES.contains(type)) {
                throw new IllegalArgumentException("Column " + name + " (" + column.typeName() + ") matches "
                        + JSON_COLUMNS + ", but only arrays of " + jsonTypes() + " and of the types Debezium has "
                        + "no schema of its own for can be written as JSON");
            }
            SchemaBuilder schema = SchemaBuilder.string().name(JSON_SCHEMA_NAME).version(1);
            registration.register(column.isOptional() ? schema.optional() : schema, value -> value == null ? null
                    : appendJson(new StringBuilder(), jsonFromText
                            ? ofText(name, column.typeName(), value, delimiter, element) : top(name, value))
                            .toString());
            return;
        }
        if (textual) {
            // Debezium's own schema would null a sub-array, or (interval, money, xml, name, varbit, point) leave
            // the whole column out: a list of each element's text instead, dimensions checked as below
            Elements texts = new Elements(Schema.OPTIONAL_STRING_SCHEMA, Function.identity());
            SchemaBuilder schema = SchemaBuilder.array(texts.schema());
            registration.register(column.isOptional() ? schema.optional() : schema, value -> value == null ? null
                    : oneDimensional(name, column.typeName(), texts,
                            ofText(name, column.typeName(), value, delimiter, element)));
            return;
        }
        if (elements != null) {
            SchemaBuilder schema = SchemaBuilder.array(elements.schema());
            registration.register(column.isOptional() ? schema.optional() : schema, value -> value == null ? null
                    : oneDimensional(name, column.typeName(), elements,
                            type(column).equals("_time") ? topOfText(name, value) : top(name, value)));
        }
    }

    /**
     * An array column: its type is an array type ({@code _mood}), or a domain over one, which Debezium reports
     * with the domain's name and the array's JDBC type.
     */
    private static boolean isArray(RelationalColumn column) {
        return type(column).startsWith("_") || column.jdbcType() == Types.ARRAY;
    }

    /** The value's elements read from PostgreSQL's text of it, each rendered by {@code element}, dimensions kept. */
    private static List<Object> ofText(String name, String type, Object value, char delimiter,
                                       UnaryOperator<String> element) {
        if (!(value instanceof Array) && !(value instanceof String)) {
            top(name, value); // names the unchanged-TOAST marker
            throw new IllegalArgumentException("Column " + name + ": expected an array, got a "
                    + value.getClass().getName());
        }
        String text = value.toString();
        if (text == null) {
            throw failure("Column " + name + " (" + type + "): the driver gave no text for the array");
        }
        try {
            return ArrayText.parse(text, delimiter, element);
        } catch (RuntimeException e) {
            throw failure("Column " + name + " (" + type + ") holds a value this converter cannot read: "
                    + e.getMessage());
        }
    }

    private static String jsonTypes() {
        return String.join(", ", Stream.concat(JSON_TYPES.stream(), STRING_TYPES.stream()).distinct()
                .map(t -> t.substring(1)).toList());
    }

    private static String type(RelationalColumn column) {
        return column.typeName().toLowerCase(Locale.ROOT);
    }

    /**
     * A one-dimensional array's elements as PostgreSQL's text ({@code {12:34:56.789012,NULL}}, optionally after
     * {@code [lower:upper]=}) for element types without commas, quotes or braces in their text; any other value
     * (more dimensions) as {@link #top}.
     */
    private static List<?> topOfText(String name, Object value) {
        String text = value instanceof Array ? value.toString() : null;
        if (text != null && text.startsWith("[")) {
            text = text.substring(text.indexOf('=') + 1);
        }
        if (text == null || !text.startsWith("{") || !text.endsWith("}") || text.indexOf('{', 1) >= 0) {
            return top(name, value);
        }
        String inner = text.substring(1, text.length() - 1);
        if (inner.indexOf('"') >= 0) {
            throw failure("Column " + name + ": unexpected array text " + text);
        }
        return inner.isEmpty() ? List.of()
                : Arrays.stream(inner.split(",", -1)).map(e -> e.equals("NULL") ? null : e).toList();
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
        if (UnchangedToastedReplicationMessageColumn.isUnchangedToastedValue(value)) {
            // pgoutput's 'u': Debezium would write its placeholder (or fail) instead of the value
            throw failure("Column " + name + ": an update left this array unchanged and PostgreSQL did not send its "
                    + "TOASTed value; give the table REPLICA IDENTITY FULL so Debezium takes it from the old row");
        }
        throw new IllegalArgumentException("Column " + name + ": expected an array, got a "
                + value.getClass().getName());
    }

    private static List<Object> oneDimensional(String name, String type, Elements elements, List<?> items) {
        List<Object> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof Object[] || item instanceof List) {
                String message = "Column " + name + " (" + type + ") holds an array of " + (depth(item) + 1)
                        + " dimensions, which its one-dimensional array schema cannot carry (Debezium would write "
                        + "null for each sub-array); match the column with this converter's " + JSON_COLUMNS
                        + " option to carry it as JSON";
                throw failure(message);
            }
            try {
                out.add(item == null ? null : elements.convert().apply(item));
            } catch (RuntimeException e) {
                throw failure("Column " + name + " (" + type + ") holds an element Debezium's schema for it cannot "
                        + "carry: " + e.getMessage());
            }
        }
        return out;
    }

    /** Debezium reports the cause of a converter's exception, not the exception itself. */
    private static IllegalArgumentException failure(String message) {
        return new IllegalArgumentException(message, new IllegalArgumentException(message));
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

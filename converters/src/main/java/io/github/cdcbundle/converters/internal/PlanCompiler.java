package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.cdcbundle.common.SchemaCache;
import io.github.cdcbundle.converters.AnalystJsonConverterConfig;
import io.github.cdcbundle.converters.AnalystJsonConverterConfig.DecimalFormat;
import io.github.cdcbundle.converters.AnalystJsonConverterConfig.DurationFormat;
import io.github.cdcbundle.converters.AnalystJsonConverterConfig.TemporalFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Turns a schema into a tree of {@link ValueWriter}s, once per schema: every decision that depends only on the schema
 * and the options (which logical type, which format, the encoded field names) is taken here, so writing a record is
 * a walk over precomputed writers.
 */
public final class PlanCompiler {
    private final AnalystJsonConverterConfig config;
    private final JsonFactory factory;
    private final SchemaCache<Schema, ValueWriter> cache;
    private final ValueWriter bytes;
    private final ValueWriter decimal;
    private final ValueWriter dynamic;

    public PlanCompiler(AnalystJsonConverterConfig config, JsonFactory factory) {
        this.config = config;
        this.factory = factory;
        this.cache = new SchemaCache<>(config.schemaCacheSize);
        this.bytes = Bytes.writer(config.bytesFormat);
        boolean decimalsAsStrings = config.decimalFormat == DecimalFormat.STRING;
        this.decimal = (out, value) -> Decimals.write(out, (BigDecimal) value, decimalsAsStrings);
        this.dynamic = new SchemalessWriter(this, config, bytes, decimal);
    }

    /** The writer for values of this schema; {@code null} means schemaless (the value's Java type decides). */
    public ValueWriter planFor(Schema schema) {
        return schema == null ? dynamic : cache.get(schema, this::compile);
    }

    public long cachedPlans() {
        return cache.size();
    }

    /** Whether values of this schema are written as its base type (no logical type we render differently). */
    boolean isPlain(Schema schema) {
        return schema.name() == null || logical(schema) == null;
    }

    private ValueWriter compile(Schema schema) {
        ValueWriter logical = schema.name() == null ? null : logical(schema);
        return logical != null ? logical : base(schema);
    }

    /** Plans for nested schemas are part of their parent's plan, not separate cache entries. */
    private ValueWriter nested(Schema schema) {
        return schema == null ? dynamic : compile(schema);
    }

    private ValueWriter base(Schema schema) {
        switch (schema.type()) {
            case INT8:
                return (out, value) -> out.writeNumber((Byte) value);
            case INT16:
                return (out, value) -> out.writeNumber((Short) value);
            case INT32:
                return (out, value) -> out.writeNumber((Integer) value);
            case INT64:
                return (out, value) -> out.writeNumber((Long) value);
            case FLOAT32:
                return (out, value) -> out.writeNumber((Float) value);
            case FLOAT64:
                return (out, value) -> out.writeNumber((Double) value);
            case BOOLEAN:
                return (out, value) -> out.writeBoolean((Boolean) value);
            case STRING:
                return (out, value) -> Strings.write(out, (String) value);
            case BYTES:
                return bytes;
            case ARRAY:
                return array(schema);
            case MAP:
                return map(schema);
            case STRUCT:
                return new StructWriter(this, schema, config.replaceNullWithDefault);
            default:
                throw new IllegalStateException("Unknown Connect type " + schema.type());
        }
    }

    ValueWriter nestedPlan(Schema schema) {
        return nested(schema);
    }

    private ValueWriter array(Schema schema) {
        Schema elementSchema = schema.valueSchema();
        ValueWriter element = nested(elementSchema);
        return (out, value) -> {
            out.writeStartArray();
            int index = 0;
            for (Object item : (Collection<?>) value) {
                if (item == null) {
                    out.writeNull();
                } else {
                    try {
                        element.write(out, item);
                    } catch (RuntimeException e) {
                        throw FieldFailure.of(e, elementSchema, item).within("[" + index + "]");
                    }
                }
                index++;
            }
            out.writeEndArray();
        };
    }

    private ValueWriter map(Schema schema) {
        Schema keySchema = schema.keySchema();
        Schema valueSchema = schema.valueSchema();
        ValueWriter valueWriter = nested(valueSchema);
        if (keySchema != null && keySchema.type() == Schema.Type.STRING) {
            return (out, value) -> {
                out.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.writeFieldName((String) entry.getKey());
                    writeEntryPart(out, valueWriter, valueSchema, entry.getValue());
                }
                out.writeEndObject();
            };
        }
        // JSON object keys are strings; other keys keep their type in [key, value] pairs, as JsonConverter does.
        ValueWriter keyWriter = nested(keySchema);
        return (out, value) -> {
            out.writeStartArray();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                out.writeStartArray();
                writeEntryPart(out, keyWriter, keySchema, entry.getKey());
                writeEntryPart(out, valueWriter, valueSchema, entry.getValue());
                out.writeEndArray();
            }
            out.writeEndArray();
        };
    }

    static void writeEntryPart(JsonGenerator out, ValueWriter writer, Schema schema, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
            return;
        }
        try {
            writer.write(out, value);
        } catch (RuntimeException e) {
            // Map keys and values are data: the path says only that the failure is inside the map.
            throw FieldFailure.of(e, schema, value).within("{}");
        }
    }

    /** The writer for a logical type, or null when the name is unknown or the base type is not the expected one. */
    private ValueWriter logical(Schema schema) {
        Schema.Type type = schema.type();
        boolean iso = config.temporalFormat == TemporalFormat.ISO;
        switch (schema.name()) {
            case Decimal.LOGICAL_NAME:
                return type != Schema.Type.BYTES ? null : (out, value) -> decimal.write(out,
                        value instanceof BigDecimal ? value : Decimal.toLogical(schema, Bytes.of(value)));
            case LogicalNames.VARIABLE_SCALE_DECIMAL:
                return variableScaleDecimal(schema);
            case Date.LOGICAL_NAME:
                return type != Schema.Type.INT32 ? null : iso
                        ? temporal(schema, (value, buf) -> Temporals.date(
                                Math.floorDiv(millis(value), Temporals.MILLIS_PER_DAY), buf, 0))
                        : (out, value) -> out.writeNumber(millis(value));
            case Time.LOGICAL_NAME:
                return type != Schema.Type.INT32 ? null : iso
                        ? temporal(schema, (value, buf) -> Temporals.time(
                                Math.floorMod(millis(value), Temporals.MILLIS_PER_DAY) * 1_000_000L, buf, 0))
                        : (out, value) -> out.writeNumber(millis(value));
            case Timestamp.LOGICAL_NAME:
                return type != Schema.Type.INT64 ? null : iso
                        ? temporal(schema, (value, buf) -> Temporals.timestampFromMillis(millis(value), buf))
                        : (out, value) -> out.writeNumber(millis(value));
            case LogicalNames.DATE:
                return type != Schema.Type.INT32 ? null : iso
                        ? temporal(schema, (value, buf) -> Temporals.date((Integer) value, buf, 0))
                        : (out, value) -> out.writeNumber((Integer) value * Temporals.MILLIS_PER_DAY);
            case LogicalNames.TIME:
                return type != Schema.Type.INT32 ? null : iso
                        ? temporal(schema, (value, buf) -> Temporals.time((Integer) value * 1_000_000L, buf, 0))
                        : (out, value) -> out.writeNumber((Integer) value);
            case LogicalNames.MICRO_TIME:
                return type != Schema.Type.INT64 ? null : iso
                        ? temporal(schema, (value, buf) -> Temporals.time(
                                Math.multiplyExact((Long) value, 1000L), buf, 0))
                        : (out, value) -> out.writeNumber(Math.floorDiv((Long) value, 1000L));
            case LogicalNames.NANO_TIME:
                return type != Schema.Type.INT64 ? null : iso
                        ? temporal(schema, (value, buf) -> Temporals.time((Long) value, buf, 0))
                        : (out, value) -> out.writeNumber(Math.floorDiv((Long) value, 1_000_000L));
            case LogicalNames.TIMESTAMP:
                return type != Schema.Type.INT64 ? null : iso
                        ? temporal(schema, (value, buf) -> Temporals.timestampFromMillis((Long) value, buf))
                        : (out, value) -> out.writeNumber((Long) value);
            case LogicalNames.MICRO_TIMESTAMP:
                return type != Schema.Type.INT64 ? null : iso
                        ? temporal(schema, (value, buf) -> Temporals.timestampFromMicros((Long) value, buf))
                        : (out, value) -> out.writeNumber(Math.floorDiv((Long) value, 1000L));
            case LogicalNames.NANO_TIMESTAMP:
                return type != Schema.Type.INT64 ? null : iso
                        ? temporal(schema, (value, buf) -> Temporals.timestampFromNanos((Long) value, buf))
                        : (out, value) -> out.writeNumber(Math.floorDiv((Long) value, 1_000_000L));
            case LogicalNames.JSON:
                return type != Schema.Type.STRING ? null : new EmbeddedJson(factory, schema, config.invalidJson);
            case LogicalNames.ENUM_SET:
                return type != Schema.Type.STRING ? null : PlanCompiler::writeEnumSet;
            case LogicalNames.INTERVAL:
                if (type != Schema.Type.STRING) {
                    return null;
                }
                return config.durationFormat == DurationFormat.ISO
                        ? (out, value) -> out.writeString(Durations.postgresIso((String) value))
                        : (out, value) -> out.writeNumber(intervalMicros(schema, (String) value));
            case LogicalNames.MICRO_DURATION:
                return type != Schema.Type.INT64 || config.durationFormat == DurationFormat.NUMBER ? null
                        : (out, value) -> out.writeString(Durations.iso((Long) value));
            case LogicalNames.BITS:
                return type != Schema.Type.BYTES ? null : bits(schema);
            default:
                // Uuid, Xml, Enum, ZonedTimestamp, ZonedTime, Year, geometry structs and every name we do not know:
                // the base type says it all.
                return null;
        }
    }

    private static long millis(Object value) {
        return ((java.util.Date) value).getTime();
    }

    /** Writes a temporal value's text into {@code buf} (at least {@link Temporals#MAX_LENGTH} long); returns its end. */
    @FunctionalInterface
    private interface Formatter {
        int format(Object value, char[] buf);
    }

    private static ValueWriter temporal(Schema schema, Formatter formatter) {
        return (out, value) -> {
            char[] buf = new char[Temporals.MAX_LENGTH];
            int length;
            try {
                length = formatter.format(value, buf);
            } catch (ArithmeticException | IllegalArgumentException | DateTimeException e) {
                throw new FieldFailure(schema, "the value is outside the range of an ISO-8601 "
                        + "date or time; set " + AnalystJsonConverterConfig.TEMPORAL_FORMAT
                        + "=epoch-millis to write it as a number");
            }
            out.writeString(buf, 0, length);
        };
    }

    private ValueWriter variableScaleDecimal(Schema schema) {
        if (schema.type() != Schema.Type.STRUCT) {
            return null;
        }
        Field scale = schema.field("scale");
        Field unscaled = schema.field("value");
        if (scale == null || unscaled == null) {
            return null;
        }
        return (out, value) -> {
            Struct struct = (Struct) value;
            Object digits = struct.get(unscaled);
            Object scaleValue = struct.get(scale);
            if (digits == null || scaleValue == null) {
                out.writeNull();
                return;
            }
            decimal.write(out, new BigDecimal(new BigInteger(Bytes.of(digits)), (Integer) scaleValue));
        };
    }

    private static void writeEnumSet(JsonGenerator out, Object value) throws IOException {
        String text = (String) value;
        out.writeStartArray();
        if (!text.isEmpty()) {
            int from = 0;
            for (int comma = text.indexOf(','); comma >= 0; comma = text.indexOf(',', from)) {
                out.writeString(text.substring(from, comma));
                from = comma + 1;
            }
            out.writeString(text.substring(from));
        }
        out.writeEndArray();
    }

    private static long intervalMicros(Schema schema, String text) {
        try {
            return Durations.isoToMicros(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new FieldFailure(schema, "the value is not an ISO-8601 duration that fits in microseconds; set "
                    + AnalystJsonConverterConfig.DURATION_FORMAT + "=iso to write it as given");
        }
    }

    /**
     * Debezium's Bits: the bit string's rightmost bit is bit 0 of the first byte (little-endian bytes). Written as
     * PostgreSQL writes bit(n): a string of '0' and '1', as many as the column's declared length.
     */
    private static ValueWriter bits(Schema schema) {
        String declared = schema.parameters() == null ? null
                : schema.parameters().get(LogicalNames.BITS_LENGTH_PARAMETER);
        int length;
        try {
            length = declared == null ? -1 : Integer.parseInt(declared.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        int declaredLength = length;
        return (out, value) -> {
            byte[] bytes = Bytes.of(value);
            int bitCount = declaredLength < 0 ? bytes.length * 8 : declaredLength;
            for (int i = bytes.length * 8 - 1; i >= bitCount; i--) {
                if (bit(bytes, i)) {
                    // A set bit beyond the declared length: keep it rather than lose data.
                    bitCount = i + 1;
                    break;
                }
            }
            char[] text = new char[bitCount];
            for (int i = 0; i < bitCount; i++) {
                text[bitCount - 1 - i] = bit(bytes, i) ? '1' : '0';
            }
            out.writeString(text, 0, bitCount);
        };
    }

    private static boolean bit(byte[] bytes, int index) {
        int b = index / 8;
        return b < bytes.length && (bytes[b] >> (index % 8) & 1) != 0;
    }
}

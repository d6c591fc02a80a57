package io.github.cdcbundle.converters.internal;

import io.github.cdcbundle.converters.AnalystJsonConverterConfig;
import io.github.cdcbundle.converters.AnalystJsonConverterConfig.BytesFormat;
import io.github.cdcbundle.converters.AnalystJsonConverterConfig.DurationFormat;
import io.github.cdcbundle.converters.AnalystJsonConverterConfig.TemporalFormat;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The sink side of the schema header: turns the schemaless values JsonReader produced from the analyst JSON back into
 * the typed Connect values of the schema (the inverse of the rendering, under the same options). Compiled once per
 * schema into a tree of decoders; a record is one pass over its values.
 *
 * <p>A value that does not fit its schema, or a type whose rendering cannot be inverted exactly (Bits, Interval
 * written as a number), fails with a {@link FieldFailure} naming the field path; nothing is ever read as null.
 */
public final class TypedReader {
    /** One compiled decoder; {@code raw} is what JsonReader produced for this value (never null here). */
    public interface Decoder {
        Object decode(Object raw);
    }

    private final AnalystJsonConverterConfig config;
    /** Renders the embedded JSON of io.debezium.data.Json columns back to text. */
    private final Function<Object, String> jsonText;

    public TypedReader(AnalystJsonConverterConfig config, Function<Object, String> jsonText) {
        this.config = config;
        this.jsonText = jsonText;
    }

    /** The top-level decoder: null handling included. */
    public Decoder compile(Schema schema) {
        return nullable(schema, compileValue(schema));
    }

    private static Decoder nullable(Schema schema, Decoder inner) {
        return raw -> {
            if (raw == null) {
                if (schema.isOptional()) {
                    return null;
                }
                throw new FieldFailure(schema, "the value is null but the schema is not optional");
            }
            try {
                return inner.decode(raw);
            } catch (FieldFailure e) {
                throw e;
            } catch (RuntimeException e) {
                throw FieldFailure.of(e, schema, raw);
            }
        };
    }

    private Decoder compileValue(Schema schema) {
        String name = schema.name();
        if (name != null) {
            Decoder logical = logical(schema, name);
            if (logical != null) {
                return logical;
            }
        }
        switch (schema.type()) {
            case INT8:
                return raw -> (byte) exactLong(schema, raw, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16:
                return raw -> (short) exactLong(schema, raw, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32:
                return raw -> (int) exactLong(schema, raw, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64:
                return raw -> exactLong(schema, raw, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT32:
                return raw -> (float) floating(raw);
            case FLOAT64:
                return TypedReader::floating;
            case BOOLEAN:
                return raw -> (Boolean) raw;
            case STRING:
                return raw -> (String) raw;
            case BYTES:
                return bytes();
            case ARRAY: {
                Decoder element = nullable(schema.valueSchema(), compileValue(schema.valueSchema()));
                return raw -> {
                    List<?> in = (List<?>) raw;
                    List<Object> out = new ArrayList<>(in.size());
                    for (int i = 0; i < in.size(); i++) {
                        try {
                            out.add(element.decode(in.get(i)));
                        } catch (FieldFailure e) {
                            throw e.within("[" + i + "]");
                        }
                    }
                    return out;
                };
            }
            case MAP:
                return map(schema);
            case STRUCT:
                return struct(schema);
            default:
                throw new FieldFailure(schema, "no reader for this type");
        }
    }

    private Decoder struct(Schema schema) {
        List<Field> fields = schema.fields();
        Decoder[] decoders = new Decoder[fields.size()];
        for (int i = 0; i < decoders.length; i++) {
            decoders[i] = nullable(fields.get(i).schema(), compileValue(fields.get(i).schema()));
        }
        return raw -> {
            Map<?, ?> in = (Map<?, ?>) raw;
            Struct out = new Struct(schema);
            for (int i = 0; i < decoders.length; i++) {
                Field field = fields.get(i);
                try {
                    out.put(field, decoders[i].decode(in.get(field.name())));
                } catch (FieldFailure e) {
                    throw e.within(field.name());
                }
            }
            return out;
        };
    }

    private Decoder map(Schema schema) {
        Decoder keys = nullable(schema.keySchema(), compileValue(schema.keySchema()));
        Decoder values = nullable(schema.valueSchema(), compileValue(schema.valueSchema()));
        boolean stringKeys = schema.keySchema().type() == Schema.Type.STRING;
        return raw -> {
            Map<Object, Object> out = new LinkedHashMap<>();
            try {
                if (stringKeys) {
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
                        out.put(keys.decode(e.getKey()), values.decode(e.getValue()));
                    }
                } else {
                    // Non-string keys were written as [[key, value], ...], as JsonConverter writes them.
                    for (Object pair : (List<?>) raw) {
                        List<?> kv = (List<?>) pair;
                        out.put(keys.decode(kv.get(0)), values.decode(kv.get(1)));
                    }
                }
            } catch (FieldFailure e) {
                throw e.within("{}");
            }
            return out;
        };
    }

    private Decoder bytes() {
        BytesFormat format = config.bytesFormat;
        return raw -> {
            String text = (String) raw;
            switch (format) {
                case HEX:
                    return hex(text, 0);
                case POSTGRES:
                    if (!text.startsWith("\\x")) {
                        throw new IllegalArgumentException("not \\x hex");
                    }
                    return hex(text, 2);
                default:
                    return Base64.getDecoder().decode(text);
            }
        };
    }

    private static byte[] hex(String text, int start) {
        int n = (text.length() - start) / 2;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) Integer.parseInt(text, start + 2 * i, start + 2 * i + 2, 16);
        }
        return out;
    }

    /** Logical types whose JSON form differs from their base type's; null for names read as the base type. */
    private Decoder logical(Schema schema, String name) {
        boolean iso = config.temporalFormat == TemporalFormat.ISO;
        switch (name) {
            case Decimal.LOGICAL_NAME: {
                int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                return raw -> decimal(schema, raw).setScale(scale);
            }
            case LogicalNames.VARIABLE_SCALE_DECIMAL:
                return raw -> {
                    BigDecimal d = decimal(schema, raw);
                    return new Struct(schema).put("scale", d.scale()).put("value", d.unscaledValue().toByteArray());
                };
            case Date.LOGICAL_NAME:
                return raw -> new java.util.Date(epochDay(raw, iso) * Temporals.MILLIS_PER_DAY);
            case LogicalNames.DATE:
                return raw -> Math.toIntExact(epochDay(raw, iso));
            case Time.LOGICAL_NAME:
                return raw -> new java.util.Date(nanoOfDay(raw, iso) / 1_000_000L);
            case LogicalNames.TIME:
                return raw -> (int) (nanoOfDay(raw, iso) / 1_000_000L);
            case LogicalNames.MICRO_TIME:
                return raw -> nanoOfDay(raw, iso) / 1_000L;
            case LogicalNames.NANO_TIME:
                return raw -> nanoOfDay(raw, iso);
            case Timestamp.LOGICAL_NAME:
                return raw -> new java.util.Date(epochNanos(raw, iso).divide(MILLION).longValueExact());
            case LogicalNames.TIMESTAMP:
                return raw -> epochNanos(raw, iso).divide(MILLION).longValueExact();
            case LogicalNames.MICRO_TIMESTAMP:
                return raw -> epochNanos(raw, iso).divide(THOUSAND).longValueExact();
            case LogicalNames.NANO_TIMESTAMP:
                return raw -> epochNanos(raw, iso).longValueExact();
            case LogicalNames.MICRO_DURATION:
                if (config.durationFormat == DurationFormat.ISO) {
                    return raw -> Durations.isoToMicros((String) raw);
                }
                return null;
            case LogicalNames.INTERVAL:
                if (config.durationFormat == DurationFormat.NUMBER) {
                    return raw -> {
                        throw new FieldFailure(schema, "an Interval written with duration.format=number cannot be "
                                + "read back exactly; use duration.format=iso on the source converter");
                    };
                }
                return null;
            case LogicalNames.JSON:
                return raw -> jsonText.apply(raw);
            case LogicalNames.ENUM_SET:
                return raw -> {
                    List<?> items = (List<?>) raw;
                    StringBuilder sb = new StringBuilder();
                    for (Object item : items) {
                        if (sb.length() > 0) {
                            sb.append(',');
                        }
                        sb.append((String) item);
                    }
                    return sb.toString();
                };
            case LogicalNames.BITS:
                return raw -> {
                    throw new FieldFailure(schema, "Bits values are written as digit strings that the schema header "
                            + "does not turn back into bytes");
                };
            default:
                return null;
        }
    }

    private static final BigInteger THOUSAND = BigInteger.valueOf(1_000L);
    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000L);

    private static BigDecimal decimal(Schema schema, Object raw) {
        if (raw instanceof BigDecimal) {
            return (BigDecimal) raw;
        }
        if (raw instanceof Long) {
            return BigDecimal.valueOf((Long) raw);
        }
        if (raw instanceof String) {
            return new BigDecimal((String) raw);
        }
        if (raw instanceof Double) {
            throw new FieldFailure(schema, "a decimal read as a double is not exact: leave read.decimal at "
                    + "big-decimal on the sink's converter");
        }
        throw FieldFailure.mismatch(schema, raw);
    }

    private static long exactLong(Schema schema, Object raw, long min, long max) {
        long v;
        if (raw instanceof Long) {
            v = (Long) raw;
        } else if (raw instanceof BigDecimal) {
            v = ((BigDecimal) raw).longValueExact();
        } else {
            throw FieldFailure.mismatch(schema, raw);
        }
        if (v < min || v > max) {
            throw new FieldFailure(schema, "the number is out of the type's range");
        }
        return v;
    }

    private static double floating(Object raw) {
        if (raw instanceof String) {
            // NaN and the infinities are written as strings, as PostgreSQL's to_jsonb writes them.
            return Double.parseDouble((String) raw);
        }
        return ((Number) raw).doubleValue();
    }

    private static long epochDay(Object raw, boolean iso) {
        if (iso) {
            return LocalDate.parse((String) raw).toEpochDay();
        }
        return Math.floorDiv(((Number) raw).longValue(), Temporals.MILLIS_PER_DAY);
    }

    private static long nanoOfDay(Object raw, boolean iso) {
        if (!iso) {
            return ((Number) raw).longValue() * 1_000_000L;
        }
        String text = (String) raw;
        if (text.startsWith("24:00:00")) {
            return Temporals.NANOS_PER_DAY;
        }
        return LocalTime.parse(text).toNanoOfDay();
    }

    private static BigInteger epochNanos(Object raw, boolean iso) {
        if (!iso) {
            return BigInteger.valueOf(((Number) raw).longValue()).multiply(MILLION);
        }
        LocalDateTime t = LocalDateTime.parse((String) raw);
        return BigInteger.valueOf(t.toEpochSecond(ZoneOffset.UTC)).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(t.getNano()));
    }
}

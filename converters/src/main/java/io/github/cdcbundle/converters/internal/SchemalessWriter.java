package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.cdcbundle.converters.AnalystJsonConverterConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * Values without a schema (Map, List, primitives, as JsonConverter with schemas.enable=false or a schemaless transform
 * produces them): the Java type decides. A Struct found inside still renders by its own schema.
 */
final class SchemalessWriter implements ValueWriter {
    private final PlanCompiler compiler;
    private final AnalystJsonConverterConfig config;
    private final ValueWriter bytes;
    private final ValueWriter decimal;

    SchemalessWriter(PlanCompiler compiler, AnalystJsonConverterConfig config, ValueWriter bytes, ValueWriter decimal) {
        this.compiler = compiler;
        this.config = config;
        this.bytes = bytes;
        this.decimal = decimal;
    }

    @Override
    public void write(JsonGenerator out, Object value) throws IOException {
        if (value instanceof String) {
            Strings.write(out, (String) value);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double) {
            out.writeNumber((Double) value);
        } else if (value instanceof Float) {
            out.writeNumber((Float) value);
        } else if (value instanceof Boolean) {
            out.writeBoolean((Boolean) value);
        } else if (value instanceof Map) {
            writeMap(out, (Map<?, ?>) value);
        } else if (value instanceof Collection) {
            writeList(out, (Collection<?>) value);
        } else if (value instanceof Struct) {
            compiler.planFor(((Struct) value).schema()).write(out, value);
        } else if (value instanceof BigDecimal) {
            decimal.write(out, value);
        } else if (value instanceof BigInteger) {
            out.writeNumber((BigInteger) value);
        } else if (value instanceof byte[] || value instanceof ByteBuffer) {
            bytes.write(out, value);
        } else if (value instanceof java.util.Date) {
            long millis = ((java.util.Date) value).getTime();
            if (config.temporalFormat == AnalystJsonConverterConfig.TemporalFormat.ISO) {
                out.writeString(Temporals.timestampFromMillis(millis));
            } else {
                out.writeNumber(millis);
            }
        } else {
            throw new FieldFailure(null, "a " + value.getClass().getName() + " cannot be written without a schema; "
                    + "give the record a schema or convert the value to a Map, List, String, number, Boolean or "
                    + "bytes first");
        }
    }

    private void writeList(JsonGenerator out, Collection<?> list) throws IOException {
        out.writeStartArray();
        int index = 0;
        for (Object item : list) {
            if (item == null) {
                out.writeNull();
            } else {
                try {
                    write(out, item);
                } catch (RuntimeException e) {
                    throw FieldFailure.of(e, null, item).within("[" + index + "]");
                }
            }
            index++;
        }
        out.writeEndArray();
    }

    private void writeMap(JsonGenerator out, Map<?, ?> map) throws IOException {
        boolean stringKeys = true;
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                stringKeys = false;
                break;
            }
        }
        if (stringKeys) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = (String) entry.getKey();
                out.writeFieldName(key);
                Object item = entry.getValue();
                if (item == null) {
                    out.writeNull();
                    continue;
                }
                try {
                    write(out, item);
                } catch (RuntimeException e) {
                    // A schemaless map's keys are its field names, which are metadata, not data.
                    throw FieldFailure.of(e, null, item).within(key);
                }
            }
            out.writeEndObject();
            return;
        }
        out.writeStartArray();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            out.writeStartArray();
            PlanCompiler.writeEntryPart(out, this, null, entry.getKey());
            PlanCompiler.writeEntryPart(out, this, null, entry.getValue());
            out.writeEndArray();
        }
        out.writeEndArray();
    }
}

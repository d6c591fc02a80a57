package io.github.cdcbundle.s3sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.github.cdcbundle.converters.JsonRendering;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Renders one record as the bytes of one line (without the newline); one renderer per task, used from the task's
 * thread.
 */
interface RecordRenderer {
    /**
     * Writes the record's line (without the newline) to {@code out}. With {@code canRollBack} the caller truncates
     * {@code out} if this throws, so a renderer may stream into it; without, a failed record must leave {@code out}
     * untouched.
     */
    void writeTo(SinkRecord record, OutputStream out, boolean canRollBack) throws IOException;

    static RecordRenderer create(S3SinkConfig config) {
        if (config.format() == OutputFormat.BYTES) {
            return (record, out, canRollBack) -> out.write(rawBytes(record));
        }
        if (config.jsonRendering() == JsonRenderingStyle.ANALYST) {
            if (!config.storeKeys() && !config.storeHeaders()) {
                return analystValues(JsonRendering.create(Map.of("converter.type", "value")));
            }
            Wrapped wrapped = new Wrapped(analyst(false), analyst(true), config.storeKeys(), config.storeHeaders());
            return (record, out, canRollBack) -> out.write(wrapped.render(record));
        }
        JsonConverter converter = jsonConverter(false);
        Json values = (record, schema, value) -> json(converter, record, schema, value);
        if (!config.storeKeys() && !config.storeHeaders()) {
            JsonLineWriter fast = new JsonLineWriter();
            return (record, out, canRollBack) -> {
                if (fast.write(record.valueSchema(), record.value())) {
                    out.write(fast.array(), 0, fast.size());
                } else {
                    out.write(values.render(record, record.valueSchema(), record.value()));
                }
            };
        }
        JsonConverter keyConverter = jsonConverter(true);
        Wrapped wrapped = new Wrapped(values, (record, schema, value) -> json(keyConverter, record, schema, value),
            config.storeKeys(), config.storeHeaders());
        return (record, out, canRollBack) -> out.write(wrapped.render(record));
    }

    /**
     * Values alone with the converters' rendering: streamed straight into the object's buffer where the caller can
     * roll a failure back, else rendered whole first.
     */
    static RecordRenderer analystValues(JsonRendering rendering) {
        return (record, out, canRollBack) -> {
            if (record.value() == null) {
                out.write(NULL);
                return;
            }
            try {
                if (canRollBack) {
                    rendering.writeStreaming(record.valueSchema(), record.value(), out);
                } else {
                    rendering.write(record.valueSchema(), record.value(), out);
                }
            } catch (DataException e) {
                throw renderingFailed(record, e);
            }
        };
    }

    /** One value of a record (its key, a header or its value) as JSON bytes. */
    interface Json {
        byte[] render(SinkRecord record, Schema schema, Object value);
    }

    /**
     * The project's converter rendering (converters module): logical types as AnalystJsonConverter writes them, and
     * schemaless values as they are, BigDecimal included (what AnalystJsonConverter.toConnectData reads back).
     */
    static Json analyst(boolean isKey) {
        JsonRendering rendering = JsonRendering.create(Map.of("converter.type", isKey ? "key" : "value"));
        return (record, schema, value) -> {
            if (value == null) {
                return NULL;
            }
            try {
                return rendering.render(schema, value);
            } catch (DataException e) {
                throw renderingFailed(record, e);
            }
        };
    }

    private static DataException renderingFailed(SinkRecord record, DataException e) {
        return new DataException("Cannot render [format=json, json.rendering=analyst] at " + Coordinates.of(record)
            + ": " + e.getMessage(), e);
    }

    /**
     * Kafka's own JsonConverter, as the worker would write the value with schemas.enable=false and
     * decimal.format=NUMERIC; connect-json is on every worker's classpath, so nothing is bundled.
     */
    static JsonConverter jsonConverter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        Map<String, Object> props = new HashMap<>();
        props.put("schemas.enable", "false");
        props.put("decimal.format", "NUMERIC");
        converter.configure(props, isKey);
        return converter;
    }

    private static byte[] json(JsonConverter converter, SinkRecord record, Schema schema, Object value) {
        try {
            byte[] bytes = converter.fromConnectData(record.topic(), schema, value);
            return bytes == null ? NULL : bytes;
        } catch (DataException e) {
            throw new DataException("Cannot render [format=json] at " + Coordinates.of(record) + ": "
                + e.getMessage(), e);
        }
    }

    private static byte[] rawBytes(SinkRecord record) {
        Object value = record.value();
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        throw new DataException("Only byte[] values supported for [format=bytes] (use ByteArrayConverter), found: "
            + value.getClass().getName() + " at " + Coordinates.of(record));
    }

    byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    /** {"key":…,"headers":[{"key":name,"value":…},…],"value":…}, each part rendered by the configured JSON. */
    record Wrapped(Json values, Json keys, boolean storeKeys, boolean storeHeaders) {
        private static final byte[] KEY = "\"key\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] HEADERS = "\"headers\":[".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] HEADER_KEY = "{\"key\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] HEADER_VALUE = ",\"value\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] VALUE = "\"value\":".getBytes(StandardCharsets.US_ASCII);

        byte[] render(SinkRecord record) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write('{');
            if (storeKeys) {
                out.writeBytes(KEY);
                out.writeBytes(keys.render(record, record.keySchema(), record.key()));
                out.write(',');
            }
            if (storeHeaders) {
                out.writeBytes(HEADERS);
                boolean first = true;
                for (Header header : record.headers()) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    out.writeBytes(HEADER_KEY);
                    out.writeBytes(values.render(record, Schema.STRING_SCHEMA, header.key()));
                    out.writeBytes(HEADER_VALUE);
                    out.writeBytes(values.render(record, header.schema(), header.value()));
                    out.write('}');
                }
                out.write(']');
                out.write(',');
            }
            out.writeBytes(VALUE);
            out.writeBytes(values.render(record, record.valueSchema(), record.value()));
            out.write('}');
            return out.toByteArray();
        }
    }
}

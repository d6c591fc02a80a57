package io.github.cdcbundle.s3sink;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Writes a Connect value as JSON straight into a byte buffer, byte for byte as Kafka's JsonConverter does with
 * {@code schemas.enable=false}, {@code decimal.format=NUMERIC} and {@code replace.null.with.default=true}, but
 * without building a JsonNode tree or allocating per value. It covers the shapes a sink sees every day; for anything
 * else (NaN, direct or read-only ByteBuffers, values that do not match their schema, ...) {@link #write} returns false and the caller
 * renders the record with JsonConverter itself, which also produces JsonConverter's errors. A differential test
 * holds the two to the same output.
 */
final class JsonLineWriter {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    /** Thrown (without a stack trace) when a value is outside what this writer reproduces exactly. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super(null, null, false, false);
        }
    }

    private byte[] buf = new byte[4096];
    private int pos;
    /** Rendered field names per struct schema (by identity: converters hand out the same schema object). */
    private final java.util.IdentityHashMap<Schema, byte[][]> fieldNameCache = new java.util.IdentityHashMap<>();

    /** Renders the value into this writer's buffer; false when JsonConverter must render it instead. */
    boolean write(Schema schema, Object value) {
        pos = 0;
        try {
            value(schema, value);
            return true;
        } catch (Unsupported | ClassCastException e) {
            pos = 0;
            return false;
        }
    }

    byte[] array() {
        return buf;
    }

    int size() {
        return pos;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    private void put(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    private void value(Schema schema, Object value) {
        if (value == null) {
            if (schema == null) {
                raw(NULL);
            } else if (schema.defaultValue() != null) {
                value(schema, schema.defaultValue());
            } else if (schema.isOptional()) {
                raw(NULL);
            } else {
                throw Unsupported.INSTANCE;
            }
            return;
        }
        if (schema == null) {
            schemaless(value);
            return;
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case Decimal.LOGICAL_NAME:
                    ascii(((BigDecimal) value).toString());
                    return;
                case Date.LOGICAL_NAME:
                    number(Date.fromLogical(schema, (java.util.Date) value));
                    return;
                case Time.LOGICAL_NAME:
                    number(Time.fromLogical(schema, (java.util.Date) value));
                    return;
                case Timestamp.LOGICAL_NAME:
                    number(Timestamp.fromLogical(schema, (java.util.Date) value));
                    return;
                default:
                    break;
            }
        }
        switch (schema.type()) {
            case INT8:
                number((Byte) value);
                return;
            case INT16:
                number((Short) value);
                return;
            case INT32:
                number((Integer) value);
                return;
            case INT64:
                number((Long) value);
                return;
            case FLOAT32:
                float32((Float) value);
                return;
            case FLOAT64:
                float64((Double) value);
                return;
            case BOOLEAN:
                raw((Boolean) value ? TRUE : FALSE);
                return;
            case STRING:
                string((String) value);
                return;
            case BYTES:
                bytes(value);
                return;
            case ARRAY:
                array(schema.valueSchema(), (Collection<?>) value);
                return;
            case MAP:
                map(schema.keySchema(), schema.valueSchema(), (Map<?, ?>) value,
                    schema.keySchema().type() == Schema.Type.STRING);
                return;
            case STRUCT:
                struct(schema, (Struct) value);
                return;
            default:
                throw Unsupported.INSTANCE;
        }
    }

    private void schemaless(Object value) {
        if (value instanceof String) {
            string((String) value);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
            || value instanceof Byte) {
            number(((Number) value).longValue());
        } else if (value instanceof Boolean) {
            raw((Boolean) value ? TRUE : FALSE);
        } else if (value instanceof Double) {
            float64((Double) value);
        } else if (value instanceof Float) {
            float32((Float) value);
        } else if (value instanceof byte[] || value instanceof ByteBuffer) {
            bytes(value);
        } else if (value instanceof List) {
            array(null, (List<?>) value);
        } else if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            boolean objectMode = true;
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    objectMode = false;
                    break;
                }
            }
            map(null, null, map, objectMode);
        } else {
            throw Unsupported.INSTANCE;
        }
    }

    private void struct(Schema schema, Struct struct) {
        if (struct.schema() != schema && !struct.schema().equals(schema)) {
            throw Unsupported.INSTANCE;
        }
        List<Field> fields = schema.fields();
        byte[][] names = fieldNames(schema, fields);
        put('{');
        for (int i = 0; i < names.length; i++) {
            Field field = fields.get(i);
            raw(names[i]);
            value(field.schema(), struct.get(field));
        }
        put('}');
    }

    /**
     * {@code "name":} (with a leading comma after the first field) for each field, rendered once per schema: the
     * same schema object arrives record after record.
     */
    private byte[][] fieldNames(Schema schema, List<Field> fields) {
        byte[][] names = fieldNameCache.get(schema);
        if (names == null) {
            names = new byte[fields.size()][];
            int mark = pos;
            for (int i = 0; i < names.length; i++) {
                int start = pos;
                if (i > 0) {
                    put(',');
                }
                string(fields.get(i).name());
                put(':');
                names[i] = java.util.Arrays.copyOfRange(buf, start, pos);
            }
            pos = mark;
            if (fieldNameCache.size() >= 256) {
                fieldNameCache.clear();
            }
            fieldNameCache.put(schema, names);
        }
        return names;
    }

    private void array(Schema elementSchema, Collection<?> values) {
        put('[');
        boolean first = true;
        for (Object element : values) {
            if (!first) {
                put(',');
            }
            first = false;
            value(elementSchema, element);
        }
        put(']');
    }

    private void map(Schema keySchema, Schema valueSchema, Map<?, ?> map, boolean objectMode) {
        put(objectMode ? '{' : '[');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                put(',');
            }
            first = false;
            if (objectMode) {
                if (!(entry.getKey() instanceof String)) {
                    // JsonConverter would use the key's JSON text; rare enough to leave to it.
                    throw Unsupported.INSTANCE;
                }
                string((String) entry.getKey());
                put(':');
                value(valueSchema, entry.getValue());
            } else {
                put('[');
                value(keySchema, entry.getKey());
                put(',');
                value(valueSchema, entry.getValue());
                put(']');
            }
        }
        put(objectMode ? '}' : ']');
    }

    private void float32(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            throw Unsupported.INSTANCE;
        }
        ascii(Float.toString(value));
    }

    private void float64(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw Unsupported.INSTANCE;
        }
        ascii(Double.toString(value));
    }

    private void bytes(Object value) {
        byte[] bytes;
        if (value instanceof byte[]) {
            bytes = (byte[]) value;
        } else if (value instanceof ByteBuffer && ((ByteBuffer) value).hasArray()) {
            // JsonConverter writes a ByteBuffer's whole backing array, whatever its position and limit (Debezium's
            // bytea values are buffers wrapping a whole array). Direct and read-only buffers make it fail: left to it.
            bytes = ((ByteBuffer) value).array();
        } else {
            throw Unsupported.INSTANCE;
        }
        put('"');
        raw(Base64.getEncoder().encode(bytes));
        put('"');
    }

    /**
     * A JSON string as Jackson writes it: short escapes, \\u00XX for other controls, surrogates as \\uXXXX. Plain
     * ASCII is copied with the deprecated String.getBytes(int, int, byte[], int), the one copy that needs no String.
     */
    @SuppressWarnings("deprecation")
    private void string(String s) {
        int n = s.length();
        if (n > 16 && asciiWithoutEscapes(s, n)) {
            ensure(n + 2);
            buf[pos++] = '"';
            s.getBytes(0, n, buf, pos);
            pos += n;
            buf[pos++] = '"';
            return;
        }
        // Worst case 6 bytes per char (\\uXXXX), plus the quotes: one check for the whole string.
        ensure(n * 6 + 2);
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[p++] = (byte) c;
                } else {
                    pos = p;
                    escape(c);
                    p = pos;
                    b = buf;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                pos = p;
                unicodeEscape(c);
                p = pos;
                b = buf;
            }
        }
        b[p++] = '"';
        pos = p;
    }

    private static boolean asciiWithoutEscapes(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void escape(char c) {
        switch (c) {
            case '"':
                put('\\');
                put('"');
                return;
            case '\\':
                put('\\');
                put('\\');
                return;
            case '\b':
                put('\\');
                put('b');
                return;
            case '\t':
                put('\\');
                put('t');
                return;
            case '\n':
                put('\\');
                put('n');
                return;
            case '\f':
                put('\\');
                put('f');
                return;
            case '\r':
                put('\\');
                put('r');
                return;
            default:
                unicodeEscape(c);
        }
    }

    private void unicodeEscape(char c) {
        put('\\');
        put('u');
        put(HEX[(c >> 12) & 0xF]);
        put(HEX[(c >> 8) & 0xF]);
        put(HEX[(c >> 4) & 0xF]);
        put(HEX[c & 0xF]);
    }

    /** Decimal digits of a long, as Long.toString writes them, without the String. */
    private void number(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        pos = end;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }
}

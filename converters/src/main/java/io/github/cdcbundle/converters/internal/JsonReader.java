package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to schemaless Connect values: objects become LinkedHashMap (document order), arrays ArrayList, integers Long
 * (BigDecimal beyond its range), fractional numbers BigDecimal or Double.
 */
public final class JsonReader {
    private final boolean exactDecimals;

    public JsonReader(boolean exactDecimals) {
        this.exactDecimals = exactDecimals;
    }

    /** Reads exactly one JSON value; anything after it is an error (JsonParser reports it). */
    public Object read(JsonParser in) throws IOException {
        JsonToken token = in.nextToken();
        if (token == null) {
            return null;
        }
        Object value = value(in, token);
        JsonToken trailing = in.nextToken();
        if (trailing != null) {
            throw new TrailingContent();
        }
        return value;
    }

    private Object value(JsonParser in, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = in.nextToken(); t == JsonToken.FIELD_NAME; t = in.nextToken()) {
                    String name = in.currentName();
                    map.put(name, value(in, in.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
                    list.add(value(in, t));
                }
                return list;
            }
            case VALUE_STRING:
                return in.getText();
            case VALUE_NUMBER_INT:
                return in.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(in.getBigIntegerValue()) : (Object) in.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return exactDecimals ? in.getDecimalValue() : (Object) in.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("Unexpected JSON token " + token);
        }
    }

    /** A second value after the first: not one JSON document. */
    public static final class TrailingContent extends IOException {
        TrailingContent() {
            super("more than one JSON value", null);
        }
    }
}

package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.github.cdcbundle.converters.AnalystJsonConverterConfig;
import java.io.IOException;
import org.apache.kafka.connect.data.Schema;

/**
 * Writes the text of an {@code io.debezium.data.Json} value as embedded JSON. The document is parsed and its tokens
 * re-emitted, so the output is always well-formed; numbers are copied as written (12.30 stays 12.30, a 40-digit
 * integer stays exact), never through a double.
 */
final class EmbeddedJson implements ValueWriter {
    private final JsonFactory factory;
    private final Schema schema;
    private final boolean fallBackToString;

    EmbeddedJson(JsonFactory factory, Schema schema, AnalystJsonConverterConfig.InvalidJson invalid) {
        this.factory = factory;
        this.schema = schema;
        this.fallBackToString = invalid == AnalystJsonConverterConfig.InvalidJson.STRING;
    }

    @Override
    public void write(JsonGenerator out, Object value) throws IOException {
        String text = (String) value;
        if (fallBackToString) {
            // Check first: once tokens are copied out they cannot be taken back.
            if (!isValid(text)) {
                out.writeString(text);
                return;
            }
        }
        try (JsonParser in = factory.createParser(text)) {
            copy(in, out);
        } catch (StreamReadException e) {
            throw invalid(e.getLocation());
        }
    }

    private boolean isValid(String text) throws IOException {
        try (JsonParser in = factory.createParser(text)) {
            JsonToken token = in.nextToken();
            if (token == null) {
                return false;
            }
            in.skipChildren();
            return in.nextToken() == null;
        } catch (StreamReadException e) {
            return false;
        }
    }

    private void copy(JsonParser in, JsonGenerator out) throws IOException {
        JsonToken token = in.nextToken();
        if (token == null) {
            throw invalid(null);
        }
        int depth = 0;
        do {
            switch (token) {
                case START_OBJECT:
                    out.writeStartObject();
                    depth++;
                    break;
                case END_OBJECT:
                    out.writeEndObject();
                    depth--;
                    break;
                case START_ARRAY:
                    out.writeStartArray();
                    depth++;
                    break;
                case END_ARRAY:
                    out.writeEndArray();
                    depth--;
                    break;
                case FIELD_NAME:
                    out.writeFieldName(in.currentName());
                    break;
                case VALUE_STRING:
                    out.writeString(in.getTextCharacters(), in.getTextOffset(), in.getTextLength());
                    break;
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    out.writeNumber(in.getText());
                    break;
                case VALUE_TRUE:
                    out.writeBoolean(true);
                    break;
                case VALUE_FALSE:
                    out.writeBoolean(false);
                    break;
                case VALUE_NULL:
                    out.writeNull();
                    break;
                default:
                    throw invalid(in.currentLocation());
            }
        } while (depth > 0 && (token = in.nextToken()) != null);
        if (depth > 0 || in.nextToken() != null) {
            throw invalid(in.currentLocation());
        }
    }

    private FieldFailure invalid(JsonLocation location) {
        String where = location == null ? "it is empty"
                : "error at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new FieldFailure(schema, "the value is not valid JSON (" + where + "); set "
                + AnalystJsonConverterConfig.JSON_INVALID + "=string to write such values as JSON strings");
    }
}

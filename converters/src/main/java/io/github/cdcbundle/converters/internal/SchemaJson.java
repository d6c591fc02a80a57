package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

/**
 * A Connect schema as compact JSON, for the schema header: {@code {"t":"int32","o":1,"n":"io.debezium.time.Date",
 * "v":1,"p":{...},"fs":[{"f":"id","t":"int64"},...],"e":{...},"k":{...},"vs":{...}}}. Short keys because the header
 * travels with every record; the type, optionality, name, version, parameters, fields, element/key/value schemas are
 * kept. Docs and defaults are left out: they are not needed to type a value, and a default would have to be
 * rendered per schema type (documented in converters/README.md).
 *
 * <p>Run once per distinct schema on each side (callers cache the result), never per record.
 */
public final class SchemaJson {
    private final JsonFactory factory;

    public SchemaJson(JsonFactory factory) {
        this.factory = factory;
    }

    public byte[] write(Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            writeSchema(g, schema, null);
        } catch (IOException e) {
            throw new DataException("Cannot write the schema header: " + e.getClass().getSimpleName(), e);
        }
        return out.toByteArray();
    }

    private static void writeSchema(JsonGenerator g, Schema schema, String fieldName) throws IOException {
        g.writeStartObject();
        if (fieldName != null) {
            g.writeStringField("f", fieldName);
        }
        g.writeStringField("t", schema.type().getName());
        if (schema.isOptional()) {
            g.writeNumberField("o", 1);
        }
        if (schema.name() != null) {
            g.writeStringField("n", schema.name());
        }
        if (schema.version() != null) {
            g.writeNumberField("v", schema.version());
        }
        if (schema.parameters() != null && !schema.parameters().isEmpty()) {
            g.writeObjectFieldStart("p");
            for (Map.Entry<String, String> e : schema.parameters().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        switch (schema.type()) {
            case STRUCT:
                g.writeArrayFieldStart("fs");
                for (Field field : schema.fields()) {
                    writeSchema(g, field.schema(), field.name());
                }
                g.writeEndArray();
                break;
            case ARRAY:
                g.writeFieldName("e");
                writeSchema(g, schema.valueSchema(), null);
                break;
            case MAP:
                g.writeFieldName("k");
                writeSchema(g, schema.keySchema(), null);
                g.writeFieldName("vs");
                writeSchema(g, schema.valueSchema(), null);
                break;
            default:
                break;
        }
        g.writeEndObject();
    }

    /** Rebuilds the schema; a malformed header is a DataException that says so (never its content). */
    public Schema read(byte[] header) {
        try (JsonParser p = factory.createParser(header)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DataException("The schema header is not a JSON object");
            }
            return readSchema(p).schema();
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException) {
                throw (DataException) e;
            }
            throw new DataException("The schema header cannot be read (" + e.getClass().getSimpleName()
                    + "); was it written by AnalystJsonConverter with schema.header=true?", e);
        }
    }

    private record Named(String field, Schema schema) {
    }

    /** Reads the object whose START_OBJECT was just consumed. */
    private static Named readSchema(JsonParser p) throws IOException {
        String field = null;
        String type = null;
        boolean optional = false;
        String name = null;
        Integer version = null;
        Map<String, String> params = null;
        List<Named> fields = null;
        Schema element = null;
        Schema key = null;
        Schema value = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            switch (k) {
                case "f": field = p.getText(); break;
                case "t": type = p.getText(); break;
                case "o": optional = p.getIntValue() != 0; break;
                case "n": name = p.getText(); break;
                case "v": version = p.getIntValue(); break;
                case "p":
                    params = new LinkedHashMap<>();
                    for (JsonToken pt = p.nextToken(); pt == JsonToken.FIELD_NAME; pt = p.nextToken()) {
                        String pk = p.currentName();
                        p.nextToken();
                        params.put(pk, p.getText());
                    }
                    break;
                case "fs":
                    fields = new ArrayList<>();
                    for (JsonToken ft = p.nextToken(); ft == JsonToken.START_OBJECT; ft = p.nextToken()) {
                        fields.add(readSchema(p));
                    }
                    break;
                case "e": element = readSchema(p).schema(); break;
                case "k": key = readSchema(p).schema(); break;
                case "vs": value = readSchema(p).schema(); break;
                default:
                    // A key from a newer writer: skip it, so old sinks read new headers.
                    p.skipChildren();
                    break;
            }
            if (v == null) {
                throw new DataException("The schema header ends early");
            }
        }
        if (type == null) {
            throw new DataException("The schema header has a schema without a type");
        }
        Schema.Type kind = Schema.Type.valueOf(type.toUpperCase(Locale.ROOT));
        SchemaBuilder b;
        switch (kind) {
            case STRUCT:
                b = SchemaBuilder.struct();
                if (fields != null) {
                    for (Named f : fields) {
                        b.field(f.field(), f.schema());
                    }
                }
                break;
            case ARRAY:
                b = SchemaBuilder.array(require(element, "element"));
                break;
            case MAP:
                b = SchemaBuilder.map(require(key, "key"), require(value, "value"));
                break;
            default:
                b = SchemaBuilder.type(kind);
                break;
        }
        if (optional) {
            b.optional();
        }
        if (name != null) {
            b.name(name);
        }
        if (version != null) {
            b.version(version);
        }
        if (params != null) {
            b.parameters(params);
        }
        return new Named(field, b.build());
    }

    private static Schema require(Schema schema, String what) {
        if (schema == null) {
            throw new DataException("The schema header has a container without its " + what + " schema");
        }
        return schema;
    }
}

package io.github.cdcbundle.converters;

import io.github.cdcbundle.common.Version;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * Writes Connect data as schemaless JSON in which every value is rendered from its schema the way an analyst (and
 * PostgreSQL's to_jsonb) expects it: decimals as exact numbers, dates and timestamps as ISO-8601 strings, JSON
 * columns as embedded JSON. Reads JSON back as schemaless values, so it serves sinks too. Also a HeaderConverter.
 */
public class AnalystJsonConverter implements Converter, HeaderConverter, Versioned {
    /** The record header holding the value's Connect schema (schema.header=true); see converters/README.md. */
    public static final String VALUE_SCHEMA_HEADER = "cdc.value.schema";
    /** The same for a converter used as key.converter. */
    public static final String KEY_SCHEMA_HEADER = "cdc.key.schema";

    private volatile JsonRendering rendering;
    private String role = "value";
    private String schemaHeaderName = VALUE_SCHEMA_HEADER;
    private boolean writeSchemaHeader;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> props = new HashMap<>(configs);
        props.put(ConverterConfig.TYPE_CONFIG, (isKey ? ConverterType.KEY : ConverterType.VALUE).getName());
        configure(new AnalystJsonConverterConfig(props));
    }

    /** HeaderConverter (and plain Configurable) entry point. */
    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> props = new HashMap<>(configs);
        props.putIfAbsent(ConverterConfig.TYPE_CONFIG, ConverterType.HEADER.getName());
        configure(new AnalystJsonConverterConfig(props));
    }

    private void configure(AnalystJsonConverterConfig config) {
        ConverterType type = config.type();
        role = type == ConverterType.KEY ? "key" : type == ConverterType.HEADER ? "header" : "value";
        schemaHeaderName = type == ConverterType.KEY ? KEY_SCHEMA_HEADER : VALUE_SCHEMA_HEADER;
        writeSchemaHeader = config.schemaHeader && type != ConverterType.HEADER;
        rendering = new JsonRendering(config);
    }

    /**
     * Source side (the worker passes the record's Kafka headers): the JSON value as without headers, plus the schema
     * header when schema.header=true. A record that already carries one (a replayed or mirrored record) has it
     * replaced, so the header always describes the value next to it.
     */
    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        byte[] bytes = fromConnectData(topic, schema, value);
        if (writeSchemaHeader && headers != null && schema != null && bytes != null) {
            headers.remove(schemaHeaderName);
            headers.add(schemaHeaderName, rendering().schemaHeader(schema));
        }
        return bytes;
    }

    /**
     * Sink side: with a schema header the value is read back into typed Connect data (a Struct of the original
     * schema); without one, as schemaless values exactly as before.
     */
    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        if (value == null || value.length == 0 || headers == null) {
            return toConnectData(topic, value);
        }
        Header header = headers.lastHeader(schemaHeaderName);
        if (header == null || header.value() == null) {
            return toConnectData(topic, value);
        }
        try {
            return rendering().readTyped(header.value(), value);
        } catch (DataException e) {
            throw new DataException("Topic '" + topic + "', record " + role + " (typed by header '"
                    + schemaHeaderName + "'): " + e.getMessage());
        }
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return rendering().render(schema, value);
        } catch (DataException e) {
            throw new DataException("Topic '" + topic + "', record " + role + ": " + e.getMessage());
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null || value.length == 0) {
            return SchemaAndValue.NULL;
        }
        try {
            return new SchemaAndValue(null, rendering().read(value));
        } catch (DataException e) {
            throw new DataException("Topic '" + topic + "', record " + role + ": " + e.getMessage());
        }
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return rendering().render(schema, value);
        } catch (DataException e) {
            throw new DataException("Topic '" + topic + "', header '" + headerKey + "': " + e.getMessage());
        }
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        if (value == null || value.length == 0) {
            return SchemaAndValue.NULL;
        }
        try {
            return new SchemaAndValue(null, rendering().read(value));
        } catch (DataException e) {
            throw new DataException("Topic '" + topic + "', header '" + headerKey + "': " + e.getMessage());
        }
    }

    @Override
    public ConfigDef config() {
        return AnalystJsonConverterConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.of(AnalystJsonConverter.class);
    }

    @Override
    public void close() {
        // Nothing to release: the rendering holds only caches.
    }

    private JsonRendering rendering() {
        JsonRendering current = rendering;
        if (current == null) {
            throw new IllegalStateException("AnalystJsonConverter is not configured: call configure() first");
        }
        return current;
    }
}

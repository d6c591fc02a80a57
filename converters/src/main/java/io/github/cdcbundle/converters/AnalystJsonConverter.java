package io.github.cdcbundle.converters;

import io.github.cdcbundle.converters.internal.Version;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
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
    private volatile JsonRendering rendering;
    private String role = "value";

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
        rendering = new JsonRendering(config);
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
        return Version.get();
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

package io.github.cdcbundle.converters;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/** Test helpers: render through the converter exactly as a worker would call it, and Debezium-shaped schemas. */
final class Render {
    static final String TOPIC = "shop.public.orders";

    private Render() {
    }

    static AnalystJsonConverter converter(String... options) {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            props.put(options[i], options[i + 1]);
        }
        AnalystJsonConverter converter = new AnalystJsonConverter();
        converter.configure(props, false);
        return converter;
    }

    static String json(Schema schema, Object value, String... options) {
        byte[] bytes = converter(options).fromConnectData(TOPIC, schema, value);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static SchemaBuilder named(SchemaBuilder base, String name) {
        return base.name(name).version(1);
    }

    static Schema debezium(Schema.Type type, String name) {
        return new SchemaBuilder(type).name(name).version(1).optional().build();
    }

    static Schema variableScaleDecimal() {
        return SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").version(1).optional()
                .doc("Variable scaled decimal")
                .field("scale", Schema.INT32_SCHEMA)
                .field("value", Schema.BYTES_SCHEMA)
                .build();
    }

    static Schema geometry(String name) {
        return SchemaBuilder.struct().name(name).version(1).optional()
                .field("wkb", Schema.BYTES_SCHEMA)
                .field("srid", Schema.OPTIONAL_INT32_SCHEMA)
                .build();
    }

    static Schema point() {
        return SchemaBuilder.struct().name("io.debezium.data.geometry.Point").version(1).optional()
                .field("x", Schema.FLOAT64_SCHEMA)
                .field("y", Schema.FLOAT64_SCHEMA)
                .field("wkb", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("srid", Schema.OPTIONAL_INT32_SCHEMA)
                .build();
    }
}

package io.github.cdcbundle.converters;

import static io.github.cdcbundle.converters.Render.TOPIC;
import static io.github.cdcbundle.converters.Render.converter;
import static io.github.cdcbundle.converters.Render.debezium;
import static io.github.cdcbundle.converters.Render.json;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/** Failures name the topic, field, schema and the setting that helps, never the value (here always "secret"). */
class ErrorMessagesTest {
    private static final Schema JSON = debezium(Schema.Type.STRING, "io.debezium.data.Json");

    @Test
    void invalidJsonNamesTheFieldAndTheSetting() {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("doc", JSON).build();
        Struct row = new Struct(schema).put("id", 1).put("doc", "{secret");
        assertThatThrownBy(() -> json(schema, row)).isExactlyInstanceOf(DataException.class)
                .hasMessage("Topic 'shop.public.orders', record value: Cannot render field 'doc' "
                        + "(io.debezium.data.Json, STRING): the value is not valid JSON (error at line 1, column 2); "
                        + "set json.invalid=string to write such values as JSON strings")
                .hasNoCause();
    }

    @Test
    void emptyJsonAndTrailingContent() {
        assertThatThrownBy(() -> json(JSON, "")).hasMessage("Topic 'shop.public.orders', record value: Cannot "
                + "render the top-level value (io.debezium.data.Json, STRING): the value is not valid JSON (it is "
                + "empty); set json.invalid=string to write such values as JSON strings");
        assertThatThrownBy(() -> json(JSON, "{} {\"secret\":1}")).hasMessageContaining("not valid JSON (error at")
                .hasMessageNotContaining("secret");
    }

    @Test
    void pathThroughNestedStructsAndArrays() {
        Schema inner = SchemaBuilder.struct().name("inner")
                .field("docs", SchemaBuilder.array(JSON).build()).build();
        Schema outer = SchemaBuilder.struct().field("payload", inner).build();
        Struct row = new Struct(outer).put("payload", new Struct(inner).put("docs", List.of("[]", "secret")));
        assertThatThrownBy(() -> json(outer, row)).hasMessageStartingWith("Topic 'shop.public.orders', record "
                + "value: Cannot render field 'payload.docs[1]' (io.debezium.data.Json, STRING): the value is not "
                + "valid JSON").hasMessageNotContaining("secret");
    }

    @Test
    void valueThatDoesNotMatchItsSchema() {
        assertThatThrownBy(() -> json(Schema.INT32_SCHEMA, "secret")).hasMessage("Topic 'shop.public.orders', "
                + "record value: Cannot render the top-level value (INT32): the value is a java.lang.String, which "
                + "this schema does not allow; the record's schema does not match its value (check the transforms "
                + "and converter before this one)");
        Schema map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
        assertThatThrownBy(() -> json(map, Map.of("secret", "secret"))).hasMessage("Topic 'shop.public.orders', "
                + "record value: Cannot render field '{}' (INT32): the value is a java.lang.String, which this schema "
                + "does not allow; the record's schema does not match its value (check the transforms and converter "
                + "before this one)");
    }

    @Test
    void intervalThatIsNotIsoWhenNumbersAreWanted() {
        Schema interval = debezium(Schema.Type.STRING, "io.debezium.time.Interval");
        assertThatThrownBy(() -> json(interval, "secret", "duration.format", "number")).hasMessage("Topic "
                + "'shop.public.orders', record value: Cannot render the top-level value (io.debezium.time.Interval, "
                + "STRING): the value is not an ISO-8601 duration that fits in microseconds; set duration.format=iso "
                + "to write it as given");
    }

    @Test
    void timeOutOfRange() {
        Schema time = debezium(Schema.Type.INT64, "io.debezium.time.MicroTime");
        assertThatThrownBy(() -> json(time, -1L)).hasMessage("Topic 'shop.public.orders', record value: Cannot "
                + "render the top-level value (io.debezium.time.MicroTime, INT64): the value is outside the range of "
                + "an ISO-8601 date or time; set temporal.format=epoch-millis to write it as a number");
    }

    @Test
    void schemalessValueOfAnUnsupportedType() {
        assertThatThrownBy(() -> json(null, Map.of("col", new Object()))).hasMessage("Topic 'shop.public.orders', "
                + "record value: Cannot render field 'col' (schemaless): a java.lang.Object cannot be written "
                + "without a schema; give the record a schema or convert the value to a Map, List, String, number, "
                + "Boolean or bytes first");
    }

    @Test
    void keysAndHeadersSayWhichTheyAre() {
        AnalystJsonConverter keys = new AnalystJsonConverter();
        keys.configure(Map.of(), true);
        assertThatThrownBy(() -> keys.fromConnectData(TOPIC, JSON, "secret"))
                .hasMessageStartingWith("Topic 'shop.public.orders', record key: Cannot render");
        AnalystJsonConverter headers = new AnalystJsonConverter();
        headers.configure(Map.of());
        assertThatThrownBy(() -> headers.fromConnectHeader(TOPIC, "trace", JSON, "secret"))
                .hasMessageStartingWith("Topic 'shop.public.orders', header 'trace': Cannot render");
        assertThatThrownBy(() -> headers.toConnectHeader(TOPIC, "trace", bytes("secret")))
                .hasMessage("Topic 'shop.public.orders', header 'trace': The input is not valid JSON (error at "
                        + "line 1, column 1)");
    }

    @Test
    void invalidInputOnTheSinkSide() {
        assertThatThrownBy(() -> converter().toConnectData(TOPIC, bytes("{\"a\": secret}")))
                .isExactlyInstanceOf(DataException.class)
                .hasMessage("Topic 'shop.public.orders', record value: The input is not valid JSON (error at line 1, "
                        + "column 7)").hasNoCause();
        assertThatThrownBy(() -> converter().toConnectData(TOPIC, bytes("1 2")))
                .hasMessage("Topic 'shop.public.orders', record value: The input is not one JSON value: more "
                        + "follows the first value");
    }

    @Test
    void unconfiguredConverter() {
        assertThatThrownBy(() -> new AnalystJsonConverter().fromConnectData(TOPIC, Schema.INT32_SCHEMA, 1))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("AnalystJsonConverter is not configured: call configure() first");
    }

    @Test
    void invalidOptions() {
        assertThatThrownBy(() -> converter("decimal.format", "float")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value float for configuration decimal.format: must be one of number, string");
        assertThatThrownBy(() -> converter("temporal.format", "")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value  for configuration temporal.format: must be one of iso, epoch-millis");
        assertThatThrownBy(() -> converter("schema.cache.size", "0")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 0 for configuration schema.cache.size: Value must be at least 1");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

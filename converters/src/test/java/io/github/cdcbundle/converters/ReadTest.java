package io.github.cdcbundle.converters;

import static io.github.cdcbundle.converters.Render.TOPIC;
import static io.github.cdcbundle.converters.Render.converter;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.junit.jupiter.api.Test;

/** toConnectData: JSON to schemaless values, for sink connectors. */
class ReadTest {
    @Test
    void objectsArraysAndScalars() {
        SchemaAndValue read = converter().toConnectData(TOPIC, bytes("{\"id\":7,\"price\":12.30,\"big\":"
                + "123456789012345678901234567890,\"e\":1e3,\"ok\":true,\"no\":null,\"tags\":[\"a\",1,[],{}],"
                + "\"when\":\"2024-01-31\"}"));
        assertThat(read.schema()).isNull();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 7L);
        expected.put("price", new BigDecimal("12.30"));
        expected.put("big", new BigDecimal("123456789012345678901234567890"));
        expected.put("e", new BigDecimal("1e3"));
        expected.put("ok", true);
        expected.put("no", null);
        expected.put("tags", Arrays.asList("a", 1L, List.of(), Map.of()));
        expected.put("when", "2024-01-31");
        assertThat(read.value()).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) read.value()).keySet())).isEqualTo(List.copyOf(expected.keySet()));
    }

    @Test
    void fractionsAsDoublesWhenAsked() {
        assertThat(converter("read.decimal", "double").toConnectData(TOPIC, bytes("[12.30,1]")).value())
                .isEqualTo(List.of(12.3, 1L));
    }

    @Test
    void nullAndEmptyInputAreNull() {
        assertThat(converter().toConnectData(TOPIC, null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(converter().toConnectData(TOPIC, new byte[0])).isEqualTo(SchemaAndValue.NULL);
        assertThat(converter().toConnectData(TOPIC, bytes("null")).value()).isNull();
    }

    @Test
    void whatWeWriteReadsBack() {
        AnalystJsonConverter converter = converter();
        byte[] written = converter.fromConnectData(TOPIC, null, Map.of("a", List.of(1, "x")));
        assertThat(converter.toConnectData(TOPIC, written).value()).isEqualTo(Map.of("a", List.of(1L, "x")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

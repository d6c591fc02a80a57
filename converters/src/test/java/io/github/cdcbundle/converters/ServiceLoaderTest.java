package io.github.cdcbundle.converters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.junit.jupiter.api.Test;

/** A worker with plugin.discovery=service_load finds the converter only through these entries. */
class ServiceLoaderTest {
    @Test
    void workersFindTheConverterThroughTheServiceLoader() {
        List<Converter> found = ServiceLoader.load(Converter.class).stream()
                .filter(p -> p.type().getName().startsWith("io.github.cdcbundle")).map(ServiceLoader.Provider::get)
                .toList();
        assertThat(found).hasSize(1).first().isInstanceOf(AnalystJsonConverter.class);
        Converter converter = found.get(0);
        converter.configure(Map.of(), false);
        assertThat(new String(converter.fromConnectData("t", Schema.STRING_SCHEMA, "x"), StandardCharsets.UTF_8))
                .isEqualTo("\"x\"");
        assertThat(((Versioned) converter).version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(converter.config().names()).contains("decimal.format", "converter.type");
    }

    @Test
    void workersFindTheHeaderConverterThroughTheServiceLoader() {
        List<HeaderConverter> found = ServiceLoader.load(HeaderConverter.class).stream()
                .filter(p -> p.type().getName().startsWith("io.github.cdcbundle"))
                .map(ServiceLoader.Provider::get).toList();
        assertThat(found).hasSize(1).first().isInstanceOf(AnalystJsonConverter.class);
        HeaderConverter converter = found.get(0);
        converter.configure(Map.of());
        assertThat(new String(converter.fromConnectHeader("t", "h", Schema.INT32_SCHEMA, 1),
                StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(((Versioned) converter).version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}

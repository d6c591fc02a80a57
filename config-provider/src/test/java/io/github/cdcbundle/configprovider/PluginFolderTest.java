package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.components.Versioned;
import org.junit.jupiter.api.Test;

/** What a worker sees of the plugin: the ServiceLoader entry, the version, and the jars its folder carries. */
class PluginFolderTest {
    @Test
    void workersFindTheProviderThroughTheServiceLoader() {
        List<ConfigProvider> ours = ServiceLoader.load(ConfigProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.getClass().getName().startsWith("io.github.cdcbundle")).toList();
        assertThat(ours).singleElement().isInstanceOf(SecretsConfigProvider.class);
        assertThat(((Versioned) ours.get(0)).version()).isEqualTo(System.getProperty("project.version"))
                .matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void thePluginFolderBundlesTheClientAndTheCommonLibraryButNothingTheWorkerShips() throws IOException {
        List<String> jars;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("plugin.libs")))) {
            jars = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).as("the library every plugin bundles, in its own class loader")
                .contains("cdc-plugin-common-" + System.getProperty("project.version") + ".jar");
        assertThat(jars).anyMatch(j -> j.startsWith("kubernetes-client-api-"))
                .anyMatch(j -> j.startsWith("kubernetes-client-8"))
                .anyMatch(j -> j.startsWith("kubernetes-httpclient-jdk-"))
                .anyMatch(j -> j.startsWith("kubernetes-model-core-"))
                .anyMatch(j -> j.startsWith("jackson-databind-3"))
                .contains("jackson-annotations-2.22.jar");
        assertThat(jars).as("worker-provided, other HTTP clients, test and logging libraries stay out")
                .noneMatch(j -> j.startsWith("kafka-") || j.startsWith("connect-") || j.startsWith("slf4j")
                        || j.startsWith("log4j") || j.contains("vertx") || j.contains("okhttp")
                        || j.startsWith("netty") || j.contains("mock") || j.startsWith("junit")
                        || j.startsWith("jackson-databind-2") || j.startsWith("jackson-core-2"));
    }
}

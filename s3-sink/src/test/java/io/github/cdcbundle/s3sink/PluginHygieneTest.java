package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;

class PluginHygieneTest {
    @Test
    void connectorIsServiceLoadableAndReportsTheProjectVersion() {
        List<SinkConnector> connectors = ServiceLoader.load(SinkConnector.class).stream()
            .map(ServiceLoader.Provider::get).collect(Collectors.toList());

        assertThat(connectors).hasSize(1).first().isInstanceOf(S3SinkConnector.class);
        assertThat(connectors.get(0).version()).isEqualTo(System.getProperty("project.version", Version.get()))
            .doesNotContain("${").isNotEqualTo("unknown");
        assertThat(new S3SinkTask().version()).isEqualTo(connectors.get(0).version());
    }

    @Test
    void connectorHandsEveryTaskTheSameConfig() {
        S3SinkConnector connector = new S3SinkConnector();
        connector.start(java.util.Map.of(S3SinkConfig.S3_BUCKET, "b", "topics", "t"));
        assertThat(connector.taskConfigs(3)).hasSize(3).allMatch(c -> c.get(S3SinkConfig.S3_BUCKET).equals("b"));
        assertThat(connector.taskClass()).isEqualTo(S3SinkTask.class);
    }
}

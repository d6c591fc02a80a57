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

        // Kafka's test jars on this classpath register their own sink connectors too.
        List<SinkConnector> ours = connectors.stream().filter(c -> c instanceof S3SinkConnector)
            .collect(Collectors.toList());
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0).version()).isEqualTo(System.getProperty("project.version"))
            .doesNotContain("${").isNotEqualTo("unknown");
        assertThat(new S3SinkTask().version()).isEqualTo(ours.get(0).version());
    }

    @Test
    void webIdentityCredentialsWorkAndOnlyOneHttpClientIsBundled() throws Exception {
        // IRSA: the SDK's default chain loads this factory by name; without the sts module it is silently skipped.
        Class.forName("software.amazon.awssdk.services.sts.internal.StsWebIdentityCredentialsProviderFactory");
        List<String> httpClients = ServiceLoader.load(software.amazon.awssdk.http.SdkHttpService.class).stream()
            .map(p -> p.type().getName()).collect(Collectors.toList());
        assertThat(httpClients).containsExactly(
            "software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
    }

    @Test
    void connectorHandsEveryTaskTheSameConfig() {
        S3SinkConnector connector = new S3SinkConnector();
        connector.start(java.util.Map.of(S3SinkConfig.S3_BUCKET, "b", "topics", "t"));
        assertThat(connector.taskConfigs(3)).hasSize(3).allMatch(c -> c.get(S3SinkConfig.S3_BUCKET).equals("b"));
        assertThat(connector.taskClass()).isEqualTo(S3SinkTask.class);
    }

    @Test
    void testSeamsAreNotPublic() {
        // Connect needs only the public no-argument constructors. The task's store and clock seams are for tests, so
        // they are package-private: nothing test-only is API of the plugin jar.
        for (Class<?> type : List.of(S3SinkTask.class, S3SinkConnector.class)) {
            assertThat(java.util.Arrays.stream(type.getConstructors()).map(c -> c.getParameterCount()))
                .as(type.getSimpleName() + "'s public constructors").containsExactly(0);
        }
    }
}

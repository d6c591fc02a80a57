package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json refuses bad values before anything is rendered, with a message naming the value. */
class ValuesSchemaTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        redpanda.replicas            | 2          | at '/redpanda/replicas': value must be one of 1, 3, 5, 7, 9
        connect.replicas             | 0          | at '/connect/replicas': minimum: got 0, want 1
        redpanda.replicas            | three      | at '/redpanda/replicas': got string, want integer
        redpanda.enabled             | yes        | at '/redpanda/enabled': got string, want boolean
        connect.service.port         | 70000      | at '/connect/service/port': maximum: got 70,000, want 65,535
        secret.source                | vault      | at '/secret/source': value must be one of 'kubernetes', 'env'
        redpanda.podAntiAffinity     | sometimes  | at '/redpanda/podAntiAffinity': value must be one of 'soft', 'hard', 'none'
        connect.image.pullPolicy     | Sometimes  | at '/connect/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'
        connectors.names[0]          | mysql      | at '/connectors/names/0': value must be one of 'debezium-postgres', 's3-sink'
        connect.replicass            | 2          | at '/connect': additional properties 'replicass' not allowed
        redpanda.storage.size        | 20GB       | at '/redpanda/storage/size'
        connect.extraEnv.BOOTSTRAP   | x          | 'BOOTSTRAP' does not match pattern '^CONNECT_[A-Z0-9_]+$'
        kafka.brokers                | b:9092     | at '/kafka': additional properties 'brokers' not allowed
        connect.tolerations[0].efect | NoSchedule | at '/connect/tolerations/0': additional properties 'efect' not allowed
        redpanda.tolerations[0].operator | Maybe  | at '/redpanda/tolerations/0/operator': value must be one of 'Exists', 'Equal'
        redpanda.podDisruptionBudget.maxUnavailable | 0 | at '/redpanda/podDisruptionBudget/maxUnavailable': minimum: got 0, want 1
        connect.networkPolicy.enable | true     | at '/connect/networkPolicy': additional properties 'enable' not allowed
        """)
    void badValuesAreRejectedWithAMessageNamingThem(String key, String value, String message) {
        assertThatThrownBy(() -> Chart.template(List.of(), Map.of(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        redpanda.enabled | false | kafka.bootstrapServers is required when redpanda.enabled=false
        """)
    void missingRequiredValuesAreNamed(String key, String value, String message) {
        assertThatThrownBy(() -> Chart.template(List.of(), Map.of(key, value))).hasMessageContaining(message);
    }
}

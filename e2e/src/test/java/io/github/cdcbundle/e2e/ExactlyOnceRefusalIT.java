package io.github.cdcbundle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdcbundle.testkit.ConnectRest;
import io.github.cdcbundle.testkit.InJvmConnectWorker;
import io.github.cdcbundle.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * connectors/debezium-postgres.json asks for exactly-once delivery: a worker that cannot give it (exactly-once source
 * support disabled, as on a Connect cluster a user already runs) must refuse the connector when it is registered,
 * saying why, instead of running it at-least-once.
 */
class ExactlyOnceRefusalIT {
    @Test
    void aWorkerWithoutExactlyOnceSupportRefusesTheShippedSourceConnector() {
        ConnectorFiles.Connector source = ConnectorFiles.read(Path.of(System.getProperty("cdc.connectors"))
                .resolve("debezium-postgres.json"));
        try (KafkaBroker kafka = KafkaBroker.start();
                InJvmConnectWorker worker = InJvmConnectWorker.start(kafka.bootstrapServers(),
                        Path.of(System.getProperty("cdc.plugins")), Map.of("exactly.once.source.support", "disabled"))) {
            ConnectRest.Response response = worker.rest().send("PUT", "/connectors/" + source.name() + "/config",
                    source.config());

            assertThat(response.status()).as("PUT of the shipped source connector: " + response.body()).isEqualTo(400);
            assertThat(response.body()).contains("This worker does not have exactly-once source support enabled");
            assertThat(worker.rest().send("GET", "/connectors", null).body()).isEqualTo("[]");
        }
    }
}

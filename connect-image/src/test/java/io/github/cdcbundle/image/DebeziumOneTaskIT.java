package io.github.cdcbundle.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.connector.postgresql.PostgresConnector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/performance.md ("What limits one slot") says the PostgreSQL connector we ship runs one task whatever
 * {@code tasks.max} says, so one slot is one task and one exactly-once producer, and more throughput needs more
 * connectors over disjoint publications. This holds it to the Debezium version the image bundles (an IT only because
 * this module runs its tests after package).
 */
class DebeziumOneTaskIT {

    @Test
    void postgresConnectorMakesOneTaskWhateverTasksMaxSays() {
        PostgresConnector connector = new PostgresConnector();
        connector.start(Map.of("tasks.max", "8", "slot.name", "cdc_shop", "publication.name", "cdc_shop"));
        try {
            List<Map<String, String>> tasks = connector.taskConfigs(8);
            assertThat(tasks).hasSize(1);
            assertThat(tasks.get(0)).containsEntry("slot.name", "cdc_shop");
        } finally {
            connector.stop();
        }
    }
}

package io.github.cdcbundle.testkit;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A Kafka-API broker (Apache Kafka or Redpanda), whichever backend runs it. */
public interface Broker extends AutoCloseable {
    String bootstrapServers();

    default Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
    }

    @Override
    void close();
}

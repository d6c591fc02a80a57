package io.github.cdcbundle.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The distributed worker configuration the kit starts workers with: the same keys our image's start script renders,
 * with replication factor 1 and short intervals for tests. Internal topics are compacted with replication factor 1,
 * which holds on a one-node Redpanda too.
 */
public final class WorkerConfig {
    private WorkerConfig() {
    }

    public static Map<String, String> of(String bootstrapServers, Path pluginPath, int restPort, String discovery) {
        String group = "cdc-connect-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", group);
        props.put("config.storage.topic", group + "-configs");
        props.put("offset.storage.topic", group + "-offsets");
        props.put("status.storage.topic", group + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "5");
        props.put("status.storage.partitions", "1");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("key.converter.schemas.enable", "false");
        props.put("value.converter.schemas.enable", "false");
        props.put("offset.flush.interval.ms", "1000");
        props.put("listeners", "http://127.0.0.1:" + restPort);
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.put("rest.advertised.port", Integer.toString(restPort));
        if (pluginPath != null) {
            props.put("plugin.path", pluginPath.toAbsolutePath().toString());
        }
        props.put("plugin.discovery", discovery);
        props.put("scheduled.rebalance.max.delay.ms", "1000");
        props.put("task.shutdown.graceful.timeout.ms", "5000");
        props.put("worker.sync.timeout.ms", "3000");
        return props;
    }
}

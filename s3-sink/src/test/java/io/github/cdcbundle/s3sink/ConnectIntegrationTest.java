package io.github.cdcbundle.s3sink;

import io.github.cdcbundle.testkit.S3Server;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connector in a real Connect worker (distributed mode, service_load discovery) against a real KRaft broker and
 * S3Proxy: records produced to Kafka arrive in S3 exactly once, offsets are committed, and a restart of the tasks
 * duplicates nothing.
 */
@ExtendWith(SharedS3Proxy.class)
class ConnectIntegrationTest {
    static final String CONNECTOR = "s3-sink";
    static final String TOPIC = "rds.public.orders";
    static final Pattern ID = Pattern.compile("\\{\"id\":(\\d+)}");

    EmbeddedConnectCluster connect;

    @BeforeEach
    void start() {
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "500");
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter.schemas.enable", "false");
        connect = new EmbeddedConnectCluster.Builder().name("s3-sink-it").numWorkers(1).numBrokers(1)
            .workerProps(worker).build();
        connect.start();
        connect.kafka().createTopic(TOPIC, 2);
    }

    @AfterEach
    void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void recordsFromKafkaLandInS3ExactlyOnceAcrossATaskRestart(S3Server server) throws Exception {
        S3Bucket bucket = new S3Bucket(server);
        Map<String, String> config = new HashMap<>(bucket.config());
        config.put("connector.class", S3SinkConnector.class.getName());
        config.put("tasks.max", "2");
        config.put("topics", TOPIC);
        config.put(S3SinkConfig.FLUSH_SIZE, "7");
        // Full batches (flush.size) commit at once; the rest stays open for up to 10 s of wall clock, long enough for
        // the restart below to hit it.
        config.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "10000");
        config.put(S3SinkConfig.PARTITIONER, "time");
        connect.configureConnector(CONNECTOR, config);
        TestUtils.waitForCondition(() -> connect.connectorStatus(CONNECTOR).tasks().size() == 2
            && connect.connectorStatus(CONNECTOR).tasks().stream().allMatch(t -> t.state().equals("RUNNING")),
            30_000, "connector tasks did not start");

        produce(0, 40);
        TestUtils.waitForCondition(() -> committed() >= 14, 30_000, 50, () -> "committed " + committed());
        // The restart must hit work in flight: records taken by the tasks but not yet in S3 nor committed.
        assertThat(committed()).as("offsets committed when the tasks restart (40 produced)").isLessThan(40);
        connect.restartConnectorAndTasks(CONNECTOR, false, false, false);
        awaitExactlyOnce(bucket, 40);

        connect.restartConnectorAndTasks(CONNECTOR, false, false, false);
        produce(40, 60);
        awaitExactlyOnce(bucket, 60);
    }

    private void produce(int from, int to) {
        for (int id = from; id < to; id++) {
            connect.kafka().produce(TOPIC, "k" + id, "{\"id\":" + id + "}");
        }
    }

    private void awaitExactlyOnce(S3Bucket bucket, int records) throws InterruptedException {
        TestUtils.waitForCondition(() -> ids(bucket).size() == records && committed() == records, 60_000, 100,
            () -> "S3 holds " + ids(bucket).size() + " of " + records + " ids, committed " + committed());
        Map<Integer, Integer> ids = ids(bucket);
        assertThat(ids.values()).as("each id once: " + ids).allMatch(n -> n == 1);
        assertThat(ids.keySet()).hasSize(records);
    }

    private long committed() {
        ConnectorOffsets offsets = connect.connectorOffsets(CONNECTOR);
        long sum = 0;
        for (ConnectorOffset offset : offsets.offsets()) {
            sum += ((Number) offset.offset().get("kafka_offset")).longValue();
        }
        return sum;
    }

    private static Map<Integer, Integer> ids(S3Bucket bucket) {
        Map<Integer, Integer> ids = new TreeMap<>();
        for (List<String> lines : bucket.dataObjects("topics").values()) {
            for (String line : lines) {
                Matcher m = ID.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                ids.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
            }
        }
        return ids;
    }
}

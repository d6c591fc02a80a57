package io.github.cdcbundle.s3sink;

import io.github.cdcbundle.testkit.S3Server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Takes the S3 server down while records keep coming, then brings it back on the same port with the same objects:
 * the task survives (RetriableException, Connect re-delivers the same batch) and nothing is lost or doubled.
 */
class S3OutageTest {
    static S3Server server;
    static final TopicPartition P0 = S3SinkTaskTest.P0;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void outageBecomesRetriableAndNothingIsLostOrDoubled() throws Exception {
        S3Bucket bucket = new S3Bucket(server);
        Map<String, String> props = bucket.config();
        props.put(S3SinkConfig.FLUSH_SIZE, "5");
        props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "60000");
        props.put(S3SinkConfig.S3_RETRY_MAX_ATTEMPTS, "3");
        props.put(S3SinkConfig.RETRY_BACKOFF_MS, "1234");
        MutableClock clock = new MutableClock(S3SinkTaskTest.T0);
        TaskDriver driver = new TaskDriver(props, clock, TaskDriver.aws());
        driver.startTask(List.of(P0));
        driver.put(S3SinkTaskTest.recs(P0, 0, 5, S3SinkTaskTest.T0));
        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(5));

        server.stop();
        List<SinkRecord> during = S3SinkTaskTest.recs(P0, 5, 7, S3SinkTaskTest.T0);
        assertThatThrownBy(() -> driver.put(during)).isInstanceOf(RetriableException.class)
            .hasMessageContaining("still failing after 3 attempts");
        assertThat(driver.context.lastTimeoutMs).isEqualTo(1234);
        // Connect re-delivers the same batch after the timeout; still down.
        assertThatThrownBy(() -> driver.put(during)).isInstanceOf(RetriableException.class);
        // A scheduled rotation during the outage is not fatal in preCommit, and commits nothing new.
        clock.advance(60_000);
        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(5));

        server.restart();
        driver.put(during);
        driver.put(S3SinkTaskTest.recs(P0, 12, 3, S3SinkTaskTest.T0));
        clock.advance(60_000);
        assertThat(driver.commit()).containsEntry(P0, new OffsetAndMetadata(15));

        List<String> lines = new ArrayList<>();
        bucket.dataObjects("topics").values().forEach(lines::addAll);
        List<String> expected = new ArrayList<>();
        for (long id = 0; id < 15; id++) {
            expected.add("{\"id\":" + id + ",\"name\":\"n" + id + "\",\"price\":1.50}");
        }
        assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
    }
}

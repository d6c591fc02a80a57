package io.github.cdcbundle.e2e;

import io.github.cdcbundle.testkit.Poll;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** How far a sink connector's consumer group is behind a topic partition's committed end. */
final class SinkProgress {
    private SinkProgress() {
    }

    /** Records of the partition (read_committed end) the sink has not committed; -1 before its first commit. */
    private static long behind(Admin admin, TopicPartition tp, String sink) {
        try {
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(tp)
                    .get(10, TimeUnit.SECONDS).offset();
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("connect-" + sink)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(tp);
            return committed == null || committed.offset() == 0 ? -1 : end - committed.offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + tp + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the sink has records it took from Kafka but not yet committed (its committed offset more than 10
     * behind the topic's end): a batch is open, so a kill now hits work in flight.
     */
    static void awaitBatchOpen(Admin admin, TopicPartition tp, String sink) {
        Poll.untilTrue("an open sink batch (committed offset behind the topic's end)", Duration.ofSeconds(60),
                () -> behind(admin, tp, sink) > 10);
    }
}

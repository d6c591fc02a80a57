package io.github.cdcbundle.s3sink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Plays the Connect worker for one task: keeps the committed offsets, delivers records from them, calls preCommit
 * and commits what it returns, and can throw a task away mid-flight (a crash) and start a new one.
 */
final class TaskDriver {
    final Map<String, String> props;
    final MutableClock clock;
    private final Function<S3SinkConfig, ObjectStore> storeFactory;
    final Map<TopicPartition, Long> committed = new HashMap<>();
    final Context context = new Context();
    S3SinkTask task;

    TaskDriver(Map<String, String> props, MutableClock clock, Function<S3SinkConfig, ObjectStore> storeFactory) {
        this.props = props;
        this.clock = clock;
        this.storeFactory = storeFactory;
    }

    static Function<S3SinkConfig, ObjectStore> aws() {
        return config -> new AwsObjectStore(AwsObjectStore.client(config), config.bucket());
    }

    /**
     * A new task instance. The previous one, if any, is abandoned as if its JVM died: its uploads in flight end first
     * (a dead worker's requests have reached S3 or not; none lands after its successor started), nothing is closed.
     */
    S3SinkTask startTask(Collection<TopicPartition> partitions) {
        if (task != null) {
            task.awaitUploads();
        }
        task = new S3SinkTask(storeFactory, clock);
        task.initialize(context);
        task.start(props);
        task.open(partitions);
        return task;
    }

    void put(List<SinkRecord> records) {
        task.put(records);
    }

    /** As the worker delivers: after a RetriableException the same records come again (here at once). */
    void deliver(List<SinkRecord> records) {
        for (int attempt = 1; ; attempt++) {
            try {
                task.put(records);
                return;
            } catch (org.apache.kafka.connect.errors.RetriableException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    /**
     * The records, an offset commit and the worker's next (empty) put: by then every batch the records closed has
     * been uploaded, and a failed upload has been reported (uploads run on the task's upload thread).
     */
    void putCommitAndPoll(List<SinkRecord> records) {
        task.put(records);
        commit();
        task.put(List.of());
    }

    /** One offset-commit cycle: preCommit, then "commit" what it returned. */
    Map<TopicPartition, OffsetAndMetadata> commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = task.preCommit(new HashMap<>());
        offsets.forEach((tp, o) -> committed.merge(tp, o.offset(), Math::max));
        return offsets;
    }

    long committed(TopicPartition tp) {
        return committed.getOrDefault(tp, 0L);
    }

    static SinkRecord record(String topic, int partition, long offset, Schema schema, Object value, long timestamp) {
        return new SinkRecord(topic, partition, Schema.OPTIONAL_STRING_SCHEMA, "k" + offset, schema, value, offset,
            timestamp, TimestampType.CREATE_TIME);
    }

    /** {@code count} records from offset 0, each holding the string {@code value}. */
    static List<SinkRecord> strings(String topic, int partition, int count, String value, long timestamp) {
        List<SinkRecord> out = new ArrayList<>(count);
        for (int o = 0; o < count; o++) {
            out.add(record(topic, partition, o, Schema.STRING_SCHEMA, value, timestamp));
        }
        return out;
    }

    static List<SinkRecord> slice(List<SinkRecord> all, long fromOffset, int max) {
        List<SinkRecord> out = new ArrayList<>();
        for (SinkRecord r : all) {
            if (r.kafkaOffset() >= fromOffset && out.size() < max) {
                out.add(r);
            }
        }
        return out;
    }

    /** What a worker's context gives a task; timeouts are recorded, not waited for. */
    static final class Context implements SinkTaskContext {
        long lastTimeoutMs = -1;
        /** Set to accept errant records (as errors.tolerance=all would); null otherwise. */
        List<SinkRecord> errant;

        @Override
        public org.apache.kafka.connect.sink.ErrantRecordReporter errantRecordReporter() {
            if (errant == null) {
                return null;
            }
            return (record, error) -> {
                errant.add(record);
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            };
        }

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
            lastTimeoutMs = timeoutMs;
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of();
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
            return null;
        }
    }
}

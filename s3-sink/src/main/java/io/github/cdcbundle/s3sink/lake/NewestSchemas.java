package io.github.cdcbundle.s3sink.lake;

import io.github.cdcbundle.converters.JsonRendering;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Schema;

/**
 * Reads, for each CDC topic, the newest change that carries the schema header (cdc.value.schema, written by the
 * source's AnalystJsonConverter with schema.header=true): its Connect schema is the one the sink's Parquet writer
 * types the newest objects with, and its key's fields are the primary key. Reads only the tail of each partition,
 * with read_committed (the shipped source writes in transactions), and commits nothing (no consumer group).
 */
final class NewestSchemas {
    static final String VALUE_SCHEMA_HEADER = "cdc.value.schema";
    /** Records read back from each partition's end to find one with the header (transaction markers take offsets). */
    private static final int TAIL = 100;
    private static final Duration POLL = Duration.ofSeconds(2);

    private final Properties consumer;
    private final JsonRendering rendering = JsonRendering.create(Map.of());

    NewestSchemas(Properties consumer) {
        this.consumer = new Properties();
        this.consumer.putAll(consumer);
        this.consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
    }

    /** The tables of the topics matching {@code topics}; a topic without a typed change is reported in skipped. */
    List<LakeTable> read(Pattern topics, List<String> skipped) {
        List<LakeTable> tables = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumer)) {
            Map<String, List<PartitionInfo>> all = c.listTopics(Duration.ofSeconds(30));
            for (String topic : new TreeSet<>(all.keySet())) {
                if (!topics.matcher(topic).matches()) {
                    continue;
                }
                ConsumerRecord<byte[], byte[]> newest = newest(c, topic, all.get(topic));
                if (newest == null) {
                    skipped.add(topic + ": no change with a " + VALUE_SCHEMA_HEADER + " header in its newest "
                            + TAIL + " records (set value.converter.schema.header=true on the source connector)");
                    continue;
                }
                tables.add(table(topic, newest));
            }
        }
        return tables;
    }

    private LakeTable table(String topic, ConsumerRecord<byte[], byte[]> record) {
        Schema schema = rendering.readTyped(record.headers().lastHeader(VALUE_SCHEMA_HEADER).value(), record.value())
                .schema();
        List<String> key = new ArrayList<>();
        if (record.key() != null && rendering.read(record.key()) instanceof Map<?, ?> fields) {
            fields.keySet().forEach(k -> key.add(String.valueOf(k)));
        }
        return new LakeTable(topic, schema, key);
    }

    /** The highest-offset record of the topic with the schema header (over all partitions, newest by timestamp). */
    private static ConsumerRecord<byte[], byte[]> newest(KafkaConsumer<byte[], byte[]> c, String topic,
                                                         List<PartitionInfo> partitions) {
        ConsumerRecord<byte[], byte[]> best = null;
        for (PartitionInfo p : partitions) {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            c.assign(List.of(tp));
            long begin = c.beginningOffsets(List.of(tp)).get(tp);
            long end = c.endOffsets(List.of(tp)).get(tp);
            c.seek(tp, Math.max(begin, end - TAIL));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // read_committed: end is the last stable offset, so an open transaction cannot keep this loop waiting
            while (c.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + ", partition " + p.partition()
                            + ": could not read up to offset " + end + " within 30 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    Header h = r.headers().lastHeader(VALUE_SCHEMA_HEADER);
                    if (h != null && r.value() != null && (best == null || r.timestamp() >= best.timestamp())) {
                        best = r;
                    }
                }
            }
        }
        return best;
    }
}

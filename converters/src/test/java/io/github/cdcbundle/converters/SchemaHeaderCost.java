package io.github.cdcbundle.converters;

import io.github.cdcbundle.testkit.KafkaBroker;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures what the schema header costs (docs/performance.md): bytes per record in a real broker's log with producer
 * compression on, and converter CPU per record on both ends, with and without the header. A measurement, not a
 * check: run it with {@code -Dmeasure=true -Dtest=SchemaHeaderCost}.
 */
@EnabledIfSystemProperty(named = "measure", matches = "true")
class SchemaHeaderCost {
    static final int N = 20_000;

    static Struct row(long i) {
        Struct r = SchemaHeaderTest.row();
        r.put("id", i).put("amount", BigDecimal.valueOf(i * 37 % 100_000, 2)).put("created_at", 1706704496789012L + i * 1_234_567L)
                .put("created_ms", 1706704496789L + i * 1234L).put("ship_date", 19756 + (int) (i % 300))
                .put("note", i % 3 == 0 ? null : "order note " + Long.toHexString(i * 2654435761L))
                .put("__lsn", 123456789L + i * 312).put("__commit_ts_ms", 1706704496000L + i * 7);
        return r;
    }

    @Test
    void brokerBytesPerRecord() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(); Admin admin = Admin.create(Map.of("bootstrap.servers",
                broker.bootstrapServers()))) {
            for (String codec : List.of("zstd", "lz4", "none")) {
                long[] sizes = new long[2];
                for (int h = 0; h < 2; h++) {
                    String topic = "cost-" + codec + "-" + h;
                    broker.createTopic(topic, 1);
                    AnalystJsonConverter conv = SchemaHeaderTest.converter(h == 1);
                    AnalystJsonConverter keys = new AnalystJsonConverter();
                    keys.configure(Map.of(), true);
                    Properties p = new Properties();
                    p.put("bootstrap.servers", broker.bootstrapServers());
                    p.put("compression.type", codec);
                    // Connect's worker producer settings otherwise: default batch.size and linger.ms.
                    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                            new ByteArraySerializer())) {
                        for (long i = 0; i < N; i++) {
                            RecordHeaders headers = new RecordHeaders();
                            byte[] value = conv.fromConnectData(topic, headers, SchemaHeaderTest.ROW, row(i));
                            byte[] key = keys.fromConnectData(topic, null, Map.of("id", i));
                            producer.send(new ProducerRecord<>(topic, null, key, value, headers));
                        }
                        producer.flush();
                    }
                    Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(List.of(1)).allDescriptions()
                            .get();
                    for (LogDirDescription d : dirs.get(1).values()) {
                        ReplicaInfo info = d.replicaInfos().get(new TopicPartition(topic, 0));
                        if (info != null) {
                            sizes[h] = info.size();
                        }
                    }
                }
                System.out.printf("MEASURE broker %s: without header %.1f B/record, with header %.1f B/record, "
                        + "ratio %.3f%n", codec, sizes[0] / (double) N, sizes[1] / (double) N,
                        sizes[1] / (double) sizes[0]);
            }
            RecordHeaders hs = new RecordHeaders();
            SchemaHeaderTest.converter(true).fromConnectData("t", hs, SchemaHeaderTest.ROW, row(1));
            System.out.printf("MEASURE header %d bytes, value %d bytes%n",
                    hs.lastHeader(AnalystJsonConverter.VALUE_SCHEMA_HEADER).value().length,
                    SchemaHeaderTest.converter(false).fromConnectData("t", SchemaHeaderTest.ROW, row(1)).length);
        }
    }

    @Test
    void cpuPerRecord() {
        Struct[] rows = new Struct[1024];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(i);
        }
        AnalystJsonConverter plain = SchemaHeaderTest.converter(false);
        AnalystJsonConverter typed = SchemaHeaderTest.converter(true);
        byte[][] json = new byte[rows.length][];
        RecordHeaders[] hs = new RecordHeaders[rows.length];
        for (int i = 0; i < rows.length; i++) {
            hs[i] = new RecordHeaders();
            json[i] = typed.fromConnectData("t", hs[i], SchemaHeaderTest.ROW, rows[i]);
        }
        RecordHeaders none = new RecordHeaders();
        long[] sink = new long[1];
        LongSupplier srcPlain = () -> {
            long s = 0;
            for (int i = 0; i < 200_000; i++) {
                s += plain.fromConnectData("t", new RecordHeaders(), SchemaHeaderTest.ROW, rows[i & 1023]).length;
            }
            return s;
        };
        LongSupplier srcTyped = () -> {
            long s = 0;
            for (int i = 0; i < 200_000; i++) {
                s += typed.fromConnectData("t", new RecordHeaders(), SchemaHeaderTest.ROW, rows[i & 1023]).length;
            }
            return s;
        };
        LongSupplier sinkPlain = () -> {
            long s = 0;
            for (int i = 0; i < 200_000; i++) {
                s += plain.toConnectData("t", none, json[i & 1023]).value().hashCode() & 1;
            }
            return s;
        };
        LongSupplier sinkTyped = () -> {
            long s = 0;
            for (int i = 0; i < 200_000; i++) {
                s += ((Struct) plain.toConnectData("t", hs[i & 1023], json[i & 1023]).value()).schema().fields().size();
            }
            return s;
        };
        double[] r = new double[4];
        LongSupplier[] all = {srcPlain, srcTyped, sinkPlain, sinkTyped};
        for (int round = 0; round < 6; round++) {
            for (int k = 0; k < 4; k++) {
                long t0 = System.nanoTime();
                sink[0] += all[k].getAsLong();
                double ns = (System.nanoTime() - t0) / 200_000.0;
                if (round >= 2) {
                    r[k] += ns / 4;
                }
            }
        }
        System.out.printf("MEASURE cpu source: without header %.0f ns/record, with header %.0f ns/record, ratio "
                + "%.3f%n", r[0], r[1], r[1] / r[0]);
        System.out.printf("MEASURE cpu sink: schemaless read %.0f ns/record, typed read %.0f ns/record, ratio %.3f "
                + "(%d)%n", r[2], r[3], r[3] / r[2], sink[0] & 1);
    }
}

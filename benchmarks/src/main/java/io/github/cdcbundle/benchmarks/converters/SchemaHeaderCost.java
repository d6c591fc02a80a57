package io.github.cdcbundle.benchmarks.converters;

import io.github.cdcbundle.converters.AnalystJsonConverter;
import io.github.cdcbundle.testkit.KafkaBroker;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
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
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Measures what the schema header costs (docs/performance.md): bytes per record in a real broker's log with producer
 * compression on, and converter CPU per record on both ends, with and without the header. A measurement, not a
 * check, so it lives here and not among the tests: after {@code mvn -B -DskipTests package -pl benchmarks -am},
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.cdcbundle.benchmarks.converters.SchemaHeaderCost}.
 */
public final class SchemaHeaderCost {
    static final int N = 20_000;
    static final Schema VSD = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").optional()
            .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
    static final Schema ROW = SchemaBuilder.struct().name("shop.public.orders.Value").version(1)
            .field("id", Schema.INT64_SCHEMA)
            .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
            .field("ratio", VSD)
            .field("created_at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1).optional()
                    .build())
            .field("created_ms", SchemaBuilder.int64().name("io.debezium.time.Timestamp").optional().build())
            .field("updated_at", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1)
                    .optional().build())
            .field("ship_date", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("at_time", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
            .field("wait", SchemaBuilder.int64().name("io.debezium.time.MicroDuration").optional().build())
            .field("attributes", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
            .field("tags", SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).optional().build())
            .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional()
                    .build())
            .field("thumbnail", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("score", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("__deleted", Schema.BOOLEAN_SCHEMA)
            .field("__lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("__commit_ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    static Struct sample() {
        Map<String, String> labels = new HashMap<>();
        labels.put("a", "1");
        return new Struct(ROW).put("id", 7L).put("amount", new BigDecimal("12.30"))
                .put("ratio", new Struct(VSD).put("scale", 3).put("value", new BigDecimal("-1.250").unscaledValue()
                        .toByteArray()))
                .put("created_at", 1706704496789012L).put("created_ms", 1706704496789L)
                .put("updated_at", "2024-01-31T11:34:56.789012Z")
                .put("ship_date", 19756).put("at_time", 45296789012L).put("wait", 93784500000L)
                .put("attributes", "{\"gift\":true,\"n\":1.50,\"tags\":[\"a\",null]}")
                .put("tags", Arrays.asList(1, null, 3)).put("labels", labels)
                .put("thumbnail", new byte[] {1, 2, -1}).put("score", Double.NaN).put("small", (short) -3)
                .put("note", null).put("__deleted", false).put("__lsn", 123456789L).put("__commit_ts_ms", 1706704496000L);
    }

    static AnalystJsonConverter converter(boolean header) {
        AnalystJsonConverter c = new AnalystJsonConverter();
        c.configure(Map.of("schema.header", Boolean.toString(header)), false);
        return c;
    }

    private SchemaHeaderCost() {
    }

    public static void main(String[] args) throws Exception {
        brokerBytesPerRecord();
        cpuPerRecord();
    }


    static Struct row(long i) {
        Struct r = sample();
        r.put("id", i).put("amount", BigDecimal.valueOf(i * 37 % 100_000, 2)).put("created_at", 1706704496789012L + i * 1_234_567L)
                .put("created_ms", 1706704496789L + i * 1234L).put("ship_date", 19756 + (int) (i % 300))
                .put("note", i % 3 == 0 ? null : "order note " + Long.toHexString(i * 2654435761L))
                .put("__lsn", 123456789L + i * 312).put("__commit_ts_ms", 1706704496000L + i * 7);
        return r;
    }

    static void brokerBytesPerRecord() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(); Admin admin = Admin.create(Map.of("bootstrap.servers",
                broker.bootstrapServers()))) {
            for (String codec : List.of("zstd", "lz4", "none")) {
                long[] sizes = new long[2];
                for (int h = 0; h < 2; h++) {
                    String topic = "cost-" + codec + "-" + h;
                    broker.createTopic(topic, 1);
                    AnalystJsonConverter conv = converter(h == 1);
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
                            byte[] value = conv.fromConnectData(topic, headers, ROW, row(i));
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
            converter(true).fromConnectData("t", hs, ROW, row(1));
            System.out.printf("MEASURE header %d bytes, value %d bytes%n",
                    hs.lastHeader(AnalystJsonConverter.VALUE_SCHEMA_HEADER).value().length,
                    converter(false).fromConnectData("t", ROW, row(1)).length);
        }
    }

    static void cpuPerRecord() {
        Struct[] rows = new Struct[1024];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(i);
        }
        AnalystJsonConverter plain = converter(false);
        AnalystJsonConverter typed = converter(true);
        byte[][] json = new byte[rows.length][];
        RecordHeaders[] hs = new RecordHeaders[rows.length];
        for (int i = 0; i < rows.length; i++) {
            hs[i] = new RecordHeaders();
            json[i] = typed.fromConnectData("t", hs[i], ROW, rows[i]);
        }
        RecordHeaders none = new RecordHeaders();
        long[] sink = new long[1];
        LongSupplier srcPlain = () -> {
            long s = 0;
            for (int i = 0; i < 200_000; i++) {
                s += plain.fromConnectData("t", new RecordHeaders(), ROW, rows[i & 1023]).length;
            }
            return s;
        };
        LongSupplier srcTyped = () -> {
            long s = 0;
            for (int i = 0; i < 200_000; i++) {
                s += typed.fromConnectData("t", new RecordHeaders(), ROW, rows[i & 1023]).length;
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
